import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listTopics, matchObjectives } from "../../src/modules/content/index.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/**
 * Lessons fit what the teacher asked for, through POST /v2/roblox/generate-content: the grade
 * picks the topics and ranges, the objective picks among them, and an objective nothing matches
 * is refused with the closest topics instead of being replaced by something else.
 */
let t: TestApp;
let token: string;
beforeAll(async () => {
	t = await startTestApp();
	const school = await t.createSchool();
	token = (await t.createUser({ role: "teacher", schoolId: school.id })).token;
});
afterAll(async () => t.close());

interface Q {
	text: string;
	options: string[];
	correct: number;
	standards: { code: string }[];
	explanation: string;
}
async function generate(payload: Record<string, unknown>) {
	return t.request({ method: "POST", url: "/v2/roblox/generate-content", token, payload: { subject: "Mathematics", maxQuestions: 12, ...payload } });
}
const numbers = (text: string) => [...text.matchAll(/(?<![\d.])-?\d+(?:\.\d+)?/g)].map((m) => m[0]);

describe("objective and grade fit through generate-content", () => {
	it('"3rd grade multiplication facts" yields only multiplication or division questions tagged 3.OA', async () => {
		for (const seed of [1, 2, 3]) {
			const res = await generate({ gradeLevel: 3, learningObjectives: ["multiplication facts"], seed });
			expect(res.statusCode, res.body).toBe(200);
			const { quiz, curriculum } = res.json().content;
			expect(quiz.questions).toHaveLength(12);
			for (const q of quiz.questions as Q[]) {
				expect(q.text).toMatch(/^What is \d+ [×÷] \d+\?$/);
				expect(q.standards.length).toBeGreaterThan(0);
				for (const s of q.standards) expect(s.code).toMatch(/^3\.OA\./);
			}
			expect(curriculum.explanation).toContain("3.OA.C.7");
			expect(curriculum.unmatched).toEqual([]);
		}
	});

	it('"grade 1 add within 10" yields only whole numbers up to 20, and never fractions, decimals or negatives', async () => {
		for (const [objective, difficulty] of [["add within 10", "easy"], ["add within 10", "hard"], ["count to 20 and add within 10", "medium"]] as const) {
			const res = await generate({ gradeLevel: 1, learningObjectives: [objective], difficulty, seed: 7, maxQuestions: 20 });
			expect(res.statusCode, res.body).toBe(200);
			const questions = res.json().content.quiz.questions as Q[];
			expect(questions).toHaveLength(20);
			for (const q of questions) {
				const shown = [q.text, ...q.options].join(" ");
				expect(shown, shown).not.toMatch(/\d[./]\d|(?<![\d.])-\d/);
				for (const n of numbers(shown)) expect(Number(n), shown).toBeLessThanOrEqual(20);
				expect(Number.isInteger(Number(q.options[q.correct]))).toBe(true);
			}
			if (objective.startsWith("count")) expect(questions.some((q) => /comes|Count by/.test(q.text)) && questions.some((q) => / [+-] /.test(q.text))).toBe(true);
		}
	});

	it("difficulty selects the ranges: easy grade-3 facts stay within 5 x 5, hard ones reach past 10 x 10", async () => {
		const factors = async (difficulty: string) => {
			const res = await generate({ gradeLevel: 3, learningObjectives: ["multiplication facts"], difficulty, seed: 11, maxQuestions: 30 });
			return (res.json().content.quiz.questions as Q[]).flatMap((q) => numbers(q.text).map(Number));
		};
		expect(Math.max(...(await factors("easy")))).toBeLessThanOrEqual(5);
		expect(Math.max(...(await factors("hard")))).toBeGreaterThan(10);
	});

	it("a grade-12 equations lesson is not grade-6 work", async () => {
		const res = await generate({ gradeLevel: 12, learningObjectives: ["solving equations"], seed: 5 });
		for (const q of res.json().content.quiz.questions as Q[]) expect(q.text).toMatch(/x.* = .*x/);
	});

	it("an objective that matches nothing for the grade is refused with the closest topics, naming the field", async () => {
		const res = await generate({ gradeLevel: 1, learningObjectives: ["adding fractions"], seed: 1 });
		expect(res.statusCode).toBe(400);
		const body = res.json();
		expect(JSON.stringify(body)).toContain("learningObjectives");
		const details = body.error?.details ?? body.details;
		expect(details.unmatched).toEqual(["adding fractions"]);
		expect(details.closest.length).toBeGreaterThan(0);
		const grade1 = listTopics(1).map((x) => x.id);
		for (const id of details.closest) expect(grade1).toContain(id);
	});

	it("explicit topic ids are honoured, and an unknown or far-off id is refused", async () => {
		const ok = await generate({ gradeLevel: 5, learningObjectives: ["anything"], topics: ["decimals-compare"], seed: 2 });
		expect(ok.statusCode, ok.body).toBe(200);
		for (const q of ok.json().content.quiz.questions as Q[]) expect(q.text).toMatch(/^Which number is the (greatest|smallest)/);
		expect((await generate({ gradeLevel: 5, learningObjectives: [], topics: ["no-such-topic"] })).statusCode).toBe(400);
		expect((await generate({ gradeLevel: 1, learningObjectives: [], topics: ["multi-step-equations"] })).statusCode).toBe(400);
	});
});

describe("matchObjectives", () => {
	it("maps keywords, synonyms and standards codes to topics of the grade, explaining with the codes", () => {
		const facts = matchObjectives({ grade: 3, objectives: ["multiplication facts"] });
		expect(facts.topics.map((x) => x.id)).toEqual(["multiplication-facts"]);
		expect(facts.explanation).toMatch(/multiplication facts to 10×10 — .*3\.OA\.C\.7/);
		expect(facts.unmatched).toEqual([]);
		expect(matchObjectives({ grade: 3, objectives: ["times tables"] }).topics.map((x) => x.id)).toContain("multiplication-facts");
		expect(matchObjectives({ grade: 3, objectives: ["3.OA.C.7"] }).topics.map((x) => x.id).sort()).toEqual(["division-facts", "multiplication-facts"]);
		expect(matchObjectives({ grade: 5, objectives: ["Add fractions with unlike denominators"] }).topics.map((x) => x.id)).toEqual(["fractions-add-subtract-unlike"]);
		const two = matchObjectives({ grade: 1, objectives: ["count to 20 and add within 10"] });
		expect(two.topics.map((x) => x.id).sort()).toEqual(["add-subtract-within-20", "counting-to-120"]);
		// numbers in each clause narrow that topic's range; "to 10x10" is not a limit
		expect(two.limits).toEqual({ "counting-to-120": 20, "add-subtract-within-20": 10 });
		expect(matchObjectives({ grade: 3, objectives: ["multiplication facts to 10x10"] }).limits).toEqual({});
		expect(matchObjectives({ grade: 1, objectives: ["adding fractions"] }).topics).toEqual([]);
	});

	it("reaches one grade either side only when the objective asks for it, never further", () => {
		expect(matchObjectives({ grade: 2, objectives: ["multiplication facts"] }).topics.map((x) => x.id)).toEqual(["multiplication-facts"]);
		const far = matchObjectives({ grade: 12, objectives: ["multiplication facts"] });
		expect(far.topics).toEqual([]);
		expect(far.unmatched).toEqual(["multiplication facts"]);
		expect(far.explanation).toMatch(/taught in .*grades 3-4/);
		for (const topic of far.closest) expect(topic.grades.min <= 12 && topic.grades.max >= 12).toBe(true);
	});

	it("says so when nothing matches, with the closest topics for the grade, and leaves other subjects alone", () => {
		const none = matchObjectives({ grade: 4, objectives: ["the water cycle"] });
		expect(none.topics).toEqual([]);
		expect(none.unmatched).toEqual(["the water cycle"]);
		expect(none.closest.length).toBeGreaterThan(0);
		expect(none.explanation).toMatch(/couldn't match "the water cycle".*closest topics for grade 4/);
		expect(matchObjectives({ grade: 4, objectives: ["fractions"], subject: "Science" }).topics).toEqual([]);
	});

	it("lists topics by grade with their standards", () => {
		const all = listTopics();
		expect(new Set(all.map((x) => x.id)).size).toBe(all.length);
		for (const grade of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) expect(listTopics(grade).length, `grade ${grade}`).toBeGreaterThanOrEqual(1);
		for (const topic of listTopics(3)) expect(topic.grades.min <= 3 && topic.grades.max >= 3).toBe(true);
	});
});
