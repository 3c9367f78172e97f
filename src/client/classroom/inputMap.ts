/** Which key or gamepad button does what in the classroom (pure, so both controllers agree). */
export const ANSWER_KEYS: Enum.KeyCode[] = [
	Enum.KeyCode.One,
	Enum.KeyCode.Two,
	Enum.KeyCode.Three,
	Enum.KeyCode.Four,
	Enum.KeyCode.Five,
	Enum.KeyCode.Six,
];
export const ANSWER_BUTTONS: Enum.KeyCode[] = [Enum.KeyCode.ButtonA, Enum.KeyCode.ButtonB, Enum.KeyCode.ButtonX, Enum.KeyCode.ButtonY];
export const NEXT_KEYS: Enum.KeyCode[] = [Enum.KeyCode.N, Enum.KeyCode.ButtonR1];
export const END_KEYS: Enum.KeyCode[] = [Enum.KeyCode.End, Enum.KeyCode.ButtonSelect];

/** The answer slot a key or button picks, or undefined. */
export function slotForKey(key: Enum.KeyCode): number | undefined {
	const k = ANSWER_KEYS.indexOf(key);
	if (k >= 0) return k;
	const b = ANSWER_BUTTONS.indexOf(key);
	return b >= 0 ? b : undefined;
}
