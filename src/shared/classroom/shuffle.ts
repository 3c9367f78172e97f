import { hashString, SeededRandom } from "./random";

/**
 * Per-player option order. A player sees the options of a question in an order derived from
 * the session, question and player, so neighbours cannot copy positions and a rejoining player
 * sees the same order again. `order[i]` is the original index of the option shown at slot i.
 */
export function optionOrderFor(sessionId: string, questionId: string, userId: number, optionCount: number): number[] {
	const rng = new SeededRandom(hashString(`${sessionId}|${questionId}|${userId}`));
	const order: number[] = [];
	for (let i = 0; i < optionCount; i++) order.push(i);
	// Fisher-Yates from the end.
	for (let i = optionCount - 1; i > 0; i--) {
		const j = rng.nextInt(i + 1);
		const swap = order[i];
		order[i] = order[j];
		order[j] = swap;
	}
	return order;
}

/** The original option index behind the slot a player clicked, or undefined for a bad slot. */
export function originalIndexOf(order: readonly number[], slot: number): number | undefined {
	if (slot % 1 !== 0 || slot < 0 || slot >= order.size()) return undefined;
	return order[slot];
}

/** The options in a player's order. */
export function applyOrder<T extends defined>(items: readonly T[], order: readonly number[]): T[] {
	return order.map((i) => items[i]);
}
