import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateQuestion, listTopics, topicRange } from "../../src/modules/content/curriculum/index.js";
import { DIFFICULTIES, verifyMathQuestion } from "../../src/modules/content/index.js";

/**
 * Every curriculum topic over its whole grade range and every difficulty. The answer is
 * recomputed by the checker (math/verify.ts), which reads only the question's text and options
 * and does its own bigint arithmetic; it shares no code with the generators. The ranges, the
 * "no fractions before grade 3 / decimals before 4 / negatives before 6" rules and the
 * "simplifies to" rule are read off the text here.
 */
const RUNS = Number(process.env.MATH_PROPERTY_RUNS ?? 80);

/** Every number written in a text; a binary minus is written with spaces, so it is not a sign. */
const numbersIn = (text: string): number[] => [...text.matchAll(/(?<![\d.])-?\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
const hasFraction = (text: string): boolean => /\d\/\d/.test(text);
const hasDecimal = (text: string): boolean => /\d\.\d/.test(text);
const hasNegative = (text: string): boolean => /(?<![\d.])-\d/.test(text);
/** Same value for 0.5, 1/2, 2/4, x = 1/2, 50%: used only to check that options differ. */
function valueOf(option: string): string {
	const t = option.trim().replace(/^x = /, "").replace(/^\$/, "").replace(/[%°]$/, "");
	const mixed = /^(-?)(\d+) (\d+)\/(\d+)$/.exec(t);
	const f = mixed ? [(mixed[1] ? -1 : 1) * (Number(mixed[2]) * Number(mixed[4]) + Number(mixed[3])), Number(mixed[4])] : /^-?\d+\/\d+$/.test(t) ? t.split("/").map(Number) : /^-?\d+(\.\d+)?$/.test(t) ? [Math.round(Number(t) * 1e6), 1e6] : undefined;
	if (!f) return t.replace(/\s+/g, "").toLowerCase();
	const g = (a: number, b: number): number => (b ? g(b, a % b) : Math.abs(a));
	const d = g(f[0], f[1]) || 1;
	return `${f[0] / d}/${f[1] / d}`;
}

describe("every maths topic, over its grades and difficulties", () => {
	for (const topic of listTopics()) {
		it(`${topic.id} (grades ${topic.grades.min}-${topic.grades.max})`, () => {
			fc.assert(
				fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: topic.grades.min, max: topic.grades.max }), fc.constantFrom(...DIFFICULTIES), (seed, grade, difficulty) => {
					const q = generateQuestion(topic.id, { grade, difficulty, seed });
					const where = `${topic.id} g${grade} ${difficulty}: ${q.text} [${q.options.join(" | ")}] -> ${q.correct}`;
					expect(q.options, where).toHaveLength(4);
					expect(new Set(q.options.map(valueOf)).size, where).toBe(4);
					expect(verifyMathQuestion(q), where).toEqual({ status: "correct" });

					const range = topicRange(topic.id, grade, difficulty);
					const shown = [q.text, ...q.options].join(" ; ");
					for (const n of numbersIn(shown)) {
						expect(n, where).toBeGreaterThanOrEqual(range.min);
						expect(n, where).toBeLessThanOrEqual(range.max);
					}
					if (grade < 3) expect(hasFraction(shown), where).toBe(false);
					if (grade < 4) expect(hasDecimal(shown), where).toBe(false);
					if (grade < 6) expect(hasNegative(shown), where).toBe(false);
					if (grade < 6) expect(range.min, where).toBeGreaterThanOrEqual(0);

					expect(q.standards.length, where).toBeGreaterThan(0);
					for (const s of q.standards) expect(topic.standards, where).toContain(s.code);
					expect(q.difficulty).toBe(difficulty);
					expect(q.hints.length, where).toBeGreaterThan(0);
					expect(q.explanation.length, where).toBeGreaterThan(10);
					for (const m of q.explanation.matchAll(/(\S+?),? which simplifies to (\S+?)[.,]?(?:\s|$)/g)) expect(valueOf(m[1]) === valueOf(m[2]) && m[1] === m[2], `${where}: ${q.explanation}`).toBe(false);
					expect(q.explanation, where).not.toMatch(/(\S+), which simplifies to \1(?![\d/])/);
				}),
				{ numRuns: RUNS },
			);
		});
	}
});
