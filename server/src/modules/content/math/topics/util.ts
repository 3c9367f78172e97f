import type { Rng } from "../../random.js";
import type { Difficulty } from "../../types.js";
import { Redraw } from "../item.js";

/** The value for a difficulty from an [easy, medium, hard] triple. */
export const byDifficulty = <T>(difficulty: Difficulty, values: readonly [T, T, T]): T => values[difficulty === "easy" ? 0 : difficulty === "medium" ? 1 : 2];

/** `count` different values from `draw`; redraws the problem when the pool is too small. */
export function distinct<T>(rng: Rng, count: number, draw: () => T, keyOf: (v: T) => string | number = (v) => String(v)): T[] {
	const out: T[] = [];
	const seen = new Set<string | number>();
	for (let tries = 0; out.length < count; tries++) {
		if (tries > 200) throw new Redraw(`only ${out.length} distinct values`);
		const v = draw();
		const k = keyOf(v);
		if (seen.has(k)) continue;
		seen.add(k);
		out.push(v);
	}
	return out;
}

/** Nearby wrong whole numbers, used only when the misconceptions run out. */
export const near = (answer: number, steps: number[] = [1, -1, 2, -2, 10, -10, 3, -3]): string[] => steps.map((s) => String(answer + s));

export const digitsOf = (n: number): number[] => String(n).split("").map(Number);

/** Signed term for an expression: `+ 3`, `- 3`. */
export const signed = (n: number): string => (n < 0 ? `- ${-n}` : `+ ${n}`);

export const ordinalPlace = ["ones", "tens", "hundreds", "thousands", "ten thousands", "hundred thousands", "millions"];

export function assert(condition: boolean, why: string): asserts condition {
	if (!condition) throw new Redraw(why);
}

/**
 * "Which number is the greatest/smallest" over `items` shown by `format`, greatest or smallest
 * at random: the question, its answer and distractors, and the items in order for the
 * explanation each topic writes its own way.
 */
export function whichIsExtreme<T>(rng: Rng, items: T[], compare: (a: T, b: T) => number, format: (v: T) => string = String) {
	const greatest = rng.chance(0.5);
	const ordered = [...items].sort(compare);
	const answer = format(greatest ? ordered[ordered.length - 1] : ordered[0]);
	const texts = items.map(format);
	const word = greatest ? "greatest" : "smallest";
	return { word, ordered, answer, question: { text: `Which number is the ${word}: ${texts.join(", ")}?`, answer, distractors: texts.filter((t) => t !== answer), fallbacks: [] as string[] } };
}
