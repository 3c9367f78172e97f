import { key, parseNumber } from "./rational.js";
import type { MathItem, NumberRange } from "./item.js";

/**
 * Picks the four options of a question: the answer and the first three wrong answers that are
 * distinct in value from it and each other, shaped like the answer (so a fraction answer never
 * stands among whole numbers, `x = 3` never among `x < 3`), and inside the grade's number range.
 * Throws when fewer than four survive; the caller draws a new problem.
 */
export function chooseOptions(item: MathItem, range: NumberRange): string[] {
	const shape = shapeOf(item.answer);
	const seen = new Set([valueKey(item.answer)]);
	const options = [item.answer];
	for (const candidate of [...item.distractors, ...item.fallbacks]) {
		if (options.length === 4) break;
		const k = valueKey(candidate);
		if (seen.has(k) || shapeOf(candidate) !== shape || !inRange(candidate, range)) continue;
		seen.add(k);
		options.push(candidate);
	}
	if (options.length < 4) throw new Error(`not enough distinct options for ${item.text}`);
	return options;
}

/** Every number written in a text: `-3`, `4.25`, the 3 and 4 of `3/4`. Subtraction is written with spaces (`5 - 3`), so its minus is not a sign. */
export function numbersIn(text: string): number[] {
	return [...text.matchAll(/(?<![\d.])-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
}

export const inRange = (text: string, range: NumberRange): boolean => numbersIn(text).every((n) => n >= range.min && n <= range.max);

/** Options are compared by value when they are numbers (`1/2` equals `0.5`) and by text otherwise. */
export function valueKey(text: string): string {
	const value = parseNumber(text);
	return value ? key(value) : text.trim().replace(/\s+/g, " ").toLowerCase();
}

/** The written form with the numbers blanked: `3/4` and `10/12` share a shape, `2` does not. */
const shapeOf = (text: string): string => text.trim().replace(/-?\d+/g, "#").replace(/[<>≤≥]/g, "?").replace(/ [+-] /g, " ± ");
