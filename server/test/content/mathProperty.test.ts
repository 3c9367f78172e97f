import { describe, expect, it } from "vitest";
import { generateQuestion, listTopics } from "../../src/modules/content/curriculum/index.js";
import { generateLesson, type Difficulty, type Question } from "../../src/modules/content/index.js";

/**
 * Lesson-level properties of the procedural maths: misconception distractors, answers that
 * cannot be read off the options' form, and explanations that never "simplify" to themselves.
 */
type Frac = [bigint, bigint];
const norm = ([n, d]: Frac): Frac => {
	if (d < 0n) [n, d] = [-n, -d];
	let [a, b] = [n < 0n ? -n : n, d];
	while (b) [a, b] = [b, a % b];
	return a === 0n ? [0n, 1n] : [n / a, d / a];
};
const same = (x: Frac, y: Frac) => x[0] * y[1] === y[0] * x[1];
function num(text: string): Frac {
	const t = text.replace(/^x = /, "");
	if (/^-?\d+\/\d+$/.test(t)) return norm([BigInt(t.split("/")[0]), BigInt(t.split("/")[1])]);
	const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(t);
	if (!m) throw new Error(`not a number: ${text}`);
	const places = m[3]?.length ?? 0;
	const n = BigInt(m[2] + (m[3] ?? ""));
	return norm([m[1] ? -n : n, 10n ** BigInt(places)]);
}

const lesson = (objective: string, grade: number, seed: number, difficulty: Difficulty = "medium", maxQuestions = 20) =>
	generateLesson({ subject: "Math", gradeLevel: grade, learningObjectives: [objective], maxQuestions, difficulty }, { seed });

describe("procedural maths lessons", () => {
	it("offers the named misconceptions as wrong options", async () => {
		// adding tops and bottoms: a/b + c/d -> (a+c)/(b+d)
		const fractions = (await lesson("add fractions with unlike denominators", 5, 1)).quiz.questions;
		const addTops = fractions.filter((q) => q.text.includes("+")).filter((q) => {
			const [, a, b, c, d] = /(\d+)\/(\d+) \+ (\d+)\/(\d+)/.exec(q.text)!.map(Number);
			return q.options.some((o, i) => i !== q.correct && same(num(o), norm([BigInt(a + c), BigInt(b + d)])));
		});
		expect(addTops.length).toBeGreaterThan(0);
		// two-step equations: stopping at px = q, or the sign error moving the constant
		const equations = (await lesson("two-step equations", 7, 3, "hard")).quiz.questions;
		expect(equations.length).toBe(20);
		for (const q of equations) {
			const [, a, op, b, c] = /^Solve for x: (-?\d*)x ([+-]) (\d+) = (-?\d+)$/.exec(q.text)!;
			const k = (op === "+" ? 1 : -1) * Number(b);
			const stoppedAtPx = `x = ${Number(c) - k}`;
			const signError = norm([BigInt(Number(c) + k), BigInt(Number(a))]);
			const wrong = q.options.filter((_, i) => i !== q.correct);
			expect(wrong.includes(stoppedAtPx) || wrong.some((o) => same(num(o), signError)), q.text + q.options).toBe(true);
		}
		// multiplication facts: one group too many or too few
		const facts = (await lesson("multiplication facts", 3, 4)).quiz.questions;
		for (const q of facts) {
			const [, a, b] = /^What is (\d+) × (\d+)\?$/.exec(q.text)!.map(Number);
			expect(q.options.filter((_, i) => i !== q.correct).some((o) => [a * (b + 1), a * (b - 1), (a + 1) * b, (a - 1) * b, a + b].includes(Number(o))), q.text).toBe(true);
		}
	});

	it("comparison questions: neither the longest nor the shortest option is reliably the answer", () => {
		const compare = listTopics().filter((t) => ["compare-whole-numbers", "fractions-compare", "decimals-compare", "integers-number-line"].includes(t.id));
		expect(compare).toHaveLength(4);
		for (const topic of compare) {
			const questions: Question[] = [];
			for (let seed = 0; questions.length < 300; seed++) {
				const grade = topic.grades.min + (seed % (topic.grades.max - topic.grades.min + 1));
				const difficulty = (["easy", "medium", "hard"] as const)[seed % 3];
				const q = generateQuestion(topic.id, { grade, difficulty, seed });
				if (q.text.startsWith("Which")) questions.push({ ...q, id: "q", points: 1 });
			}
			// a student who always takes the (first) longest, or shortest, option; also "longest when asked for the greatest"
			const rate = (choose: (q: Question) => number) => questions.filter((q) => choose(q) === q.correct).length / questions.length;
			const byLength = (q: Question, sign: 1 | -1) => q.options.reduce((best, o, i) => (sign * (o.length - q.options[best].length) > 0 ? i : best), 0);
			const longest = rate((q) => byLength(q, 1));
			const shortest = rate((q) => byLength(q, -1));
			const directional = rate((q) => byLength(q, q.text.includes("greatest") ? 1 : -1));
			for (const [name, r] of Object.entries({ longest, shortest, directional })) expect(r, `${topic.id}: picking the ${name} option is right ${(r * 100).toFixed(0)}% of the time`).toBeLessThan(0.45);
		}
	});

	it("no explanation says a value simplifies to itself, in any topic", () => {
		for (const topic of listTopics()) {
			for (let seed = 0; seed < 60; seed++) {
				const grade = topic.grades.min + (seed % (topic.grades.max - topic.grades.min + 1));
				const q = generateQuestion(topic.id, { grade, difficulty: (["easy", "medium", "hard"] as const)[seed % 3], seed });
				for (const m of q.explanation.matchAll(/(-?[\d/. ]+?),? which simplifies to (-?[\d/.]+)/g)) expect(m[1].trim(), q.explanation).not.toBe(m[2]);
			}
		}
	});

	it("grades pick ranges: small denominators in grade 4, negatives only from grade 6, and grade-12 equations are not one-step", async () => {
		const early = await lesson("add fractions", 4, 5, "hard", 40);
		for (const q of early.quiz.questions) {
			for (const d of q.text.matchAll(/\/(\d+)/g)) expect(Number(d[1])).toBeLessThanOrEqual(12);
			expect(q.options.some((o) => o.includes("-")), q.text).toBe(false);
		}
		const late = await lesson("solve linear equations", 12, 5, "hard", 30);
		for (const q of late.quiz.questions) expect(q.text, "variables on both sides").toMatch(/^Solve for x: .*x.* = .*x/);
		expect(late.quiz.questions.some((q) => /-\d/.test(q.text))).toBe(true);
	});
});
