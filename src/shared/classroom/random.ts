/**
 * A small seeded generator (Park-Miller minimal standard) whose arithmetic stays exact in
 * doubles, so the Luau place and any JS checker derive the same sequence from the same seed.
 */
const MODULUS = 2147483647;
const MULTIPLIER = 48271;

/** A stable 31-bit hash of a string (polynomial, exact in doubles). */
export function hashString(text: string): number {
	let h = 7;
	for (let i = 1; i <= text.size(); i++) {
		const [byte] = string.byte(text, i);
		h = (h * 131 + (byte ?? 0)) % MODULUS;
	}
	return h === 0 ? 1 : h;
}

export class SeededRandom {
	private state: number;

	public constructor(seed: number) {
		const s = math.floor(math.abs(seed)) % MODULUS;
		this.state = s === 0 ? 1 : s;
	}

	/** The next integer in [0, bound). */
	public nextInt(bound: number): number {
		this.state = (this.state * MULTIPLIER) % MODULUS;
		return this.state % bound;
	}
}
