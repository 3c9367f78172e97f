import { describe, expect, it } from "vitest";
import { generateLesson, type Difficulty, type Question } from "../../src/modules/content/index.js";

/**
 * 10,000 generated maths questions across topics, grades and difficulties. The oracle below is
 * written independently of the generators: it reads only the question text and options and
 * recomputes with exact integer fractions.
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
function truth(text: string): Frac {
	let m = /^What is (\S+) ([+-]) (\S+)\?$/.exec(text);
	if (m) {
		const [a, b] = [num(m[1]), num(m[3])];
		const sign = m[2] === "+" ? 1n : -1n;
		return norm([a[0] * b[1] + sign * b[0] * a[1], a[1] * b[1]]);
	}
	m = /^What is (\d+)% of (\d+)\?$/.exec(text);
	if (m) return norm([BigInt(m[1]) * BigInt(m[2]), 100n]);
	m = /^Which number is the greatest: (.+)\?$/.exec(text);
	if (m) return m[1].split(", ").map(num).reduce((best, x) => (x[0] * best[1] > best[0] * x[1] ? x : best));
	m = /^Solve for x: (-?\d*)x(?: ([+-]) (\d+))? = (-?\d+)$/.exec(text);
	if (m) {
		const a = BigInt(m[1] === "" ? "1" : m[1] === "-" ? "-1" : m[1]);
		const b = m[2] ? (m[2] === "+" ? 1n : -1n) * BigInt(m[3]) : 0n;
		return norm([BigInt(m[4]) - b, a]);
	}
	throw new Error(`unknown question form: ${text}`);
}

const TOPICS = ["add and subtract fractions", "compare and add decimals", "solve linear equations", "percentages"];
const DIFFICULTIES: Difficulty[] = ["easy", "medium", "hard"];

describe("procedural maths", () => {
	it("10,000 questions: the keyed option is right, exactly one option is right, all options distinct", async () => {
		const questions: Question[] = [];
		for (let seed = 0; questions.length < 10_000; seed++) {
			const lesson = await generateLesson(
				{ subject: "Mathematics", gradeLevel: 1 + (seed % 12), learningObjectives: [TOPICS[seed % 4]], maxQuestions: 50, difficulty: DIFFICULTIES[seed % 3] },
				{ seed },
			);
			questions.push(...lesson.quiz.questions);
		}
		const forms = new Set<string>();
		for (const q of questions) {
			const answer = truth(q.text);
			const values = q.options.map(num);
			expect(q.options).toHaveLength(4);
			expect(same(values[q.correct], answer), `${q.text} keyed ${q.options[q.correct]}`).toBe(true);
			expect(values.filter((v) => same(v, answer)), q.text).toHaveLength(1);
			for (let i = 0; i < values.length; i++) for (let j = i + 1; j < values.length; j++) expect(same(values[i], values[j]), `${q.text}: ${q.options}`).toBe(false);
			expect(q.standards[0]?.system).toBe("CCSS");
			forms.add(q.text.replace(/[-\d./%]+/g, "#").replace(/#( # #)+/g, "#"));
		}
		expect(forms.size).toBeGreaterThanOrEqual(6);
	}, 60_000);

	it("offers the named misconceptions as wrong options", async () => {
		const lesson = (objective: string, grade: number, seed: number, difficulty: Difficulty = "medium") =>
			generateLesson({ subject: "Math", gradeLevel: grade, learningObjectives: [objective], maxQuestions: 20, difficulty }, { seed });
		const fractions = (await lesson(TOPICS[0], 5, 1)).quiz.questions;
		// adding tops and bottoms: a/b + c/d -> (a+c)/(b+d)
		const addTops = fractions.filter((q) => q.text.includes("+")).filter((q) => {
			const [, a, b, c, d] = /(\d+)\/(\d+) \+ (\d+)\/(\d+)/.exec(q.text)!.map(Number);
			return q.options.some((o, i) => i !== q.correct && same(num(o), norm([BigInt(a + c), BigInt(b + d)])));
		});
		expect(addTops.length).toBeGreaterThan(0);
		// "longer decimal is larger": every wrong option has more digits than the answer
		const decimals = (await lesson(TOPICS[1], 6, 2)).quiz.questions.filter((q) => q.text.startsWith("Which"));
		expect(decimals.length).toBeGreaterThan(0);
		for (const q of decimals) for (const [i, o] of q.options.entries()) if (i !== q.correct) expect(o.length).toBeGreaterThan(q.options[q.correct].length);
		// two-step equations: stopping at px = q, and the sign error moving the constant
		const equations = (await lesson(TOPICS[2], 8, 3, "hard")).quiz.questions;
		for (const q of equations) {
			const [, a, op, b, c] = /^Solve for x: (-?\d+)x ([+-]) (\d+) = (-?\d+)$/.exec(q.text)!;
			const k = (op === "+" ? 1 : -1) * Number(b);
			const stoppedAtPx = `x = ${Number(c) - k}`;
			const signError = norm([BigInt(Number(c) + k), BigInt(Number(a))]);
			const wrong = q.options.filter((_, i) => i !== q.correct);
			expect(wrong.includes(stoppedAtPx) || wrong.some((o) => same(num(o), signError)), q.text + q.options).toBe(true);
		}
	});

	it("grades pick ranges: small denominators and no negatives in the early grades", async () => {
		const early = await generateLesson({ subject: "Math", gradeLevel: 3, learningObjectives: [TOPICS[0], TOPICS[2]], maxQuestions: 40 }, { seed: 5 });
		for (const q of early.quiz.questions) {
			for (const d of q.text.matchAll(/\/(\d+)/g)) expect(Number(d[1])).toBeLessThanOrEqual(6);
			expect(q.options.some((o) => o.includes("-")), q.text).toBe(false);
			expect(q.text.replace("Solve for x:", "")).not.toMatch(/= -|\(-|^-/);
		}
		const late = await generateLesson({ subject: "Math", gradeLevel: 11, learningObjectives: [TOPICS[2]], maxQuestions: 40, difficulty: "hard" }, { seed: 5 });
		expect(late.quiz.questions.some((q) => /-\d/.test(q.text.split("=")[1]) || /x - |-\d+x/.test(q.text))).toBe(true);
	});
});
