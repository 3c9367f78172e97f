import fc from "fast-check";
import { Value } from "@sinclair/typebox/value";
import { describe, expect, it } from "vitest";
import { generateLesson } from "../../src/modules/content/generateLesson.js";
import { createRng } from "../../src/modules/content/random.js";
import { DIFFICULTIES, LessonContentSchema, type Difficulty } from "../../src/modules/content/types.js";
import { buildWorld } from "../../src/modules/content/worlds/build.js";
import { THEME_IDS } from "../../src/modules/content/worlds/catalogue.js";
import { fractionBarQuestion, numberLineQuestion } from "../../src/modules/content/worlds/manipulatives.js";
import { orderingQuestion } from "../../src/modules/content/worlds/ordering.js";
import { lightingFor } from "../../src/modules/content/worlds/themes.js";
import { classroomModel } from "../../src/modules/roblox/rojo/classroomModel.js";

const grades = fc.integer({ min: 1, max: 12 });
const difficulties = fc.constantFrom<Difficulty>(...DIFFICULTIES);
const seeds = fc.integer({ min: 0, max: 2 ** 31 - 1 });

/** "3/4", "-1/2", "0.75", "-3" -> number, recomputed here rather than trusted from the generator. */
function valueOf(text: string): number {
	const fraction = /^(-?)(\d+)\/(\d+)$/.exec(text);
	if (fraction) return (fraction[1] ? -1 : 1) * (Number(fraction[2]) / Number(fraction[3]));
	const n = Number(text);
	if (!Number.isFinite(n)) throw new Error(`not a number: ${text}`);
	return n;
}

const WORD_FRACTIONS: Record<string, number> = { half: 1 / 2, "a quarter": 1 / 4, "three quarters": 3 / 4, "a third": 1 / 3, "two thirds": 2 / 3 };

describe("manipulatives", () => {
	it("number lines: exactly the keyed mark holds the asked value, recomputed from the text; marks in order; grade ranges", () => {
		fc.assert(
			fc.property(grades, difficulties, seeds, (grade, difficulty, seed) => {
				const q = numberLineQuestion(grade, createRng(seed), difficulty);
				const m = /goes from (\S+) to (\S+) with (\d+) equally spaced marks\. Put the marker on (\S+)\.$/.exec(q.text)!;
				const [from, to, marks, target] = [valueOf(m[1]), valueOf(m[2]), Number(m[3]), valueOf(m[4])];
				expect(q.options).toHaveLength(marks);
				expect(new Set(q.options).size).toBe(marks);
				const step = (to - from) / (marks - 1);
				const holding = q.options.map((_, i) => i).filter((i) => Math.abs(from + i * step - target) < 1e-9);
				expect(holding).toEqual([q.correct]);
				expect(q.kind).toBe("number_line");
				if (grade < 3) expect(m[4]).toMatch(/^\d+$/);
				if (grade < 6) expect(from).toBeGreaterThanOrEqual(0);
				if (grade < 4) expect(m[4]).not.toContain(".");
			}),
			{ numRuns: 400 },
		);
	});

	it("fraction bars: the keyed number of parts is the asked fraction of the bar; words before grade 3", () => {
		fc.assert(
			fc.property(grades, difficulties, seeds, (grade, difficulty, seed) => {
				const q = fractionBarQuestion(grade, createRng(seed), difficulty);
				const m = /split into (\d+) equal parts\. Shade (.+) of it\.$/.exec(q.text)!;
				const parts = Number(m[1]);
				const fraction = WORD_FRACTIONS[m[2]] ?? valueOf(m[2]);
				if (grade < 3) expect(WORD_FRACTIONS[m[2]]).toBeDefined();
				expect(q.options).toEqual(Array.from({ length: parts }, (_, i) => `${i + 1} part${i ? "s" : ""}`));
				expect(q.correct + 1).toBeCloseTo(parts * fraction, 9);
				expect(q.explanation).not.toMatch(/(\d+\/\d+) = \1\b/);
			}),
			{ numRuns: 400 },
		);
	});

	it("maths orderings: the key sorts the items by value, every item once; options are never stored in order", () => {
		fc.assert(
			fc.property(grades, difficulties, seeds, (grade, difficulty, seed) => {
				const q = orderingQuestion("math", grade, createRng(seed), difficulty)!;
				const order = q.order!;
				expect([...order].sort()).toEqual(q.options.map((_, i) => i));
				expect(q.correct).toBe(order[0]);
				expect(order).not.toEqual(q.options.map((_, i) => i));
				const values = order.map((i) => valueOf(q.options[i]));
				const descending = q.text.includes("greatest to least");
				for (let i = 1; i < values.length; i++) expect(descending ? values[i - 1] > values[i] : values[i - 1] < values[i]).toBe(true);
				if (grade < 6) expect(values.every((v) => v >= 0)).toBe(true);
				if (grade < 3) expect(values.every(Number.isInteger)).toBe(true);
			}),
			{ numRuns: 400 },
		);
	});

	it("curated orderings exist for the subjects the timeline suits, and keep their fact order", () => {
		for (const subject of ["science", "geography", "history", "language"]) {
			const q = orderingQuestion(subject, 6, createRng(5), "medium")!;
			expect(q.order!.map((i) => q.options[i])).toEqual(q.explanation.replace(/^In order: /, "").replace(/\.$/, "").split(", "));
		}
		expect(orderingQuestion("computer science", 6, createRng(5), "medium")).toBeUndefined();
	});
});

describe("buildWorld and the generated lesson", () => {
	const request = { subject: "Mathematics", gradeLevel: 5, learningObjectives: ["Add fractions"], maxQuestions: 6 };

	it("a treasure hunt gets every question, at chests (the lesson that used to get 0 questions)", async () => {
		const lesson = await generateLesson({ ...request, elements: ["treasure hunt"], theme: "space" }, { seed: 4 });
		expect(lesson.quiz.questions).toHaveLength(6);
		expect(lesson.quiz.questions.every((q) => q.activity === "treasure_hunt")).toBe(true);
		expect(lesson.objects.filter((o) => o.type === "treasure_chest").map((o) => o.properties.questionIndex)).toEqual([0, 1, 2, 3, 4, 5]);
		expect(lesson.terrain.type).toBe("space");
		expect(Value.Check(LessonContentSchema, lesson)).toBe(true);
	});

	it("shares the questions among elements, skips elements that do not suit the subject, and keeps quiz boards teacher-paced", async () => {
		const mixed = await generateLesson({ ...request, elements: ["quiz_board", "obstacle course", "number line"] }, { seed: 4 });
		expect(mixed.quiz.questions.map((q) => [q.kind ?? "choice", q.activity ?? "board"])).toEqual([
			["choice", "board"],
			["choice", "board"],
			["choice", "obstacle_course"],
			["choice", "obstacle_course"],
			["number_line", "number_line"],
			["number_line", "number_line"],
		]);
		const science = await generateLesson({ subject: "Science", gradeLevel: 5, learningObjectives: [], maxQuestions: 4, elements: ["number line", "fraction bars"] }, { seed: 4 });
		expect(science.objects.filter((o) => o.type === "quiz_board")).toHaveLength(4);
		expect(science.quiz.questions.every((q) => q.activity === undefined)).toBe(true);
	});

	it("themes: the theme wins, the environment is the fallback, anything else is a classroom; every theme has light and props", () => {
		const build = (theme?: string, environmentType?: string) =>
			buildWorld({ subject: "math", grade: 5, difficulty: "medium", theme, environmentType, title: "t", count: 1, points: 1000 }, [], createRng(1)).theme;
		expect(build("underwater", "classroom")).toBe("ocean");
		expect(build(undefined, "underwater")).toBe("ocean");
		expect(build("sports", "lab")).toBe("laboratory");
		expect(build("volcano")).toBe("classroom");
		for (const theme of THEME_IDS) {
			const world = buildWorld({ subject: "math", grade: 5, difficulty: "medium", theme, title: "t", count: 0, points: 1000 }, [], createRng(1));
			expect(world.content.terrain.type).toBe(theme);
			expect(world.content.objects.filter((o) => o.type === "prop").length).toBeGreaterThan(0);
			expect(lightingFor(theme)).toMatchObject({ ClockTime: expect.any(Number), Ambient: expect.any(Array) });
		}
	});

	it("the Rojo model of every element holds no question text, option or key", async () => {
		const lesson = await generateLesson(
			{ ...request, maxQuestions: 14, elements: ["quiz boards", "treasure hunt", "obstacle course", "timeline", "number line", "fraction bars", "flashcards"] },
			{ seed: 8 },
		);
		const model = classroomModel(lesson);
		const tags = model.children!.flatMap((c) => (c.properties?.Tags as string[] | undefined) ?? []);
		expect(new Set(tags)).toEqual(new Set(["QuizBoard", "TreasureChest", "ObstacleGate", "CourseFinish", "OrderingBoard", "NumberLine", "FractionBar", "FlashcardDeck"]));
		const text = JSON.stringify(model);
		expect(text).not.toMatch(/"(correct|order|explanation|options|hints)"/i);
		for (const q of lesson.quiz.questions) {
			expect(text).not.toContain(JSON.stringify(q.text));
			if (q.options[q.correct].length > 2) expect(text).not.toContain(JSON.stringify(q.options[q.correct]));
		}
	});
});
