import { t } from "@rbxts/t";

/**
 * A lesson as GET /v2/roblox/content/{id} returns it, checked whole before anything is built:
 * one bad field and nothing is inserted. The same rules as the place's ContentService
 * (src/shared/classroom/content.ts), so whatever the plugin inserts, the place will run.
 */
export interface LessonQuestion {
	id: string;
	text: string;
	options: string[];
	correct: number;
	points: number;
	explanation?: string;
	hints?: string[];
	difficulty?: string;
	standards?: { system: string; code: string }[];
	kind?: string;
	order?: number[];
	activity?: string;
}

export interface SceneObject {
	type: string;
	position: [number, number, number];
	properties?: Record<string, unknown>;
}

export interface Lesson {
	terrain?: { type?: string; materials?: string[]; lighting?: string };
	objects?: SceneObject[];
	quiz: { questions: LessonQuestion[] };
}

const text = (min: number, max: number) => (v: unknown): v is string => typeIs(v, "string") && v.size() >= min && v.size() <= max;
const finite = (v: unknown): v is number => typeIs(v, "number") && v === v && math.abs(v) < 1e6;
const isVector = (v: unknown): v is [number, number, number] => typeIs(v, "table") && finite((v as unknown[])[0]) && finite((v as unknown[])[1]) && finite((v as unknown[])[2]);

const isQuestion = t.interface({
	id: text(1, 64),
	text: text(1, 500),
	options: t.array(text(1, 200)),
	correct: t.integer,
	points: t.numberConstrained(1, 100000),
	explanation: t.optional(t.string),
	hints: t.optional(t.array(t.string)),
	difficulty: t.optional(t.string),
	standards: t.optional(t.array(t.interface({ system: t.string, code: t.string }))),
	kind: t.optional(t.literal("choice", "number_line", "fraction_bar", "ordering")),
	order: t.optional(t.array(t.integer)),
	activity: t.optional(text(1, 50)),
});

const isLessonShape = t.interface({
	terrain: t.optional(t.interface({ type: t.optional(t.string), materials: t.optional(t.array(t.string)), lighting: t.optional(t.string) })),
	objects: t.optional(t.array(t.interface({ type: text(1, 64), position: isVector, properties: t.optional(t.map(t.string, t.any)) }))),
	quiz: t.interface({ questions: t.array(isQuestion) }),
});

/** The lesson, or what is wrong with it. */
export function checkLesson(value: unknown): { lesson?: Lesson; reason?: string } {
	if (!isLessonShape(value)) return { reason: "it does not have the lesson layout" };
	const questions = value.quiz.questions;
	if (questions.size() === 0) return { reason: "it has no questions" };
	if (questions.size() > 200 || (value.objects ?? []).size() > 500) return { reason: "it is larger than a lesson can be" };
	const seen = new Set<string>();
	for (const q of questions) {
		if (seen.has(q.id)) return { reason: `question id ${q.id} is used twice` };
		seen.add(q.id);
		if (q.options.size() < 2 || q.options.size() > 6 || q.correct < 0 || q.correct >= q.options.size()) return { reason: `question ${q.id} has no valid answer` };
		if (q.kind === "ordering" && !validOrder(q)) return { reason: `question ${q.id} has an invalid order` };
	}
	return { lesson: value as Lesson };
}

function validOrder(q: LessonQuestion): boolean {
	const order = q.order;
	if (order === undefined || order.size() !== q.options.size() || order[0] !== q.correct) return false;
	const seen = new Set<number>();
	for (const i of order) {
		if (i < 0 || i >= q.options.size() || seen.has(i)) return false;
		seen.add(i);
	}
	return true;
}
