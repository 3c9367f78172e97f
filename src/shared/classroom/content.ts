import { t } from "@rbxts/t";
import { boundedString } from "./guards";

/**
 * Lesson content as the backend generates it (`POST /v2/roblox/generate-content`) and Rojo
 * syncs it (`ServerStorage.ClassroomContent.<contentId>`, a JSON ModuleScript). `correct` is the
 * answer key: this shape lives on the server only.
 */
export interface Standard {
	system: string;
	code: string;
}

export interface LessonQuestion {
	id: string;
	text: string;
	options: string[];
	correct: number;
	points: number;
	explanation?: string;
	hints?: string[];
	difficulty?: string;
	standards?: Standard[];
	/** Seconds; the session's default applies when absent. */
	timeLimit?: number;
	/** How it is played (payloads QuestionKind); absent: "choice". */
	kind?: string;
	/** Ordering questions: option indexes in the right order (the key, like `correct` = order[0]). */
	order?: number[];
	/** The activity element asking it (a self-paced station); absent: a quiz board the teacher opens. */
	activity?: string;
}

export interface SceneObject {
	type: string;
	position: [number, number, number];
	properties?: Record<string, unknown>;
}

export interface LessonContent {
	terrain?: { type?: string; materials?: string[]; lighting?: string };
	objects?: SceneObject[];
	quiz: { questions: LessonQuestion[] };
}

const MAX_TEXT = 500;

const isStandard = t.interface({ system: t.string, code: t.string });

const isQuestionShape = t.interface({
	id: boundedString(1, 64),
	text: boundedString(1, MAX_TEXT),
	options: t.array(boundedString(1, 200)),
	correct: t.integer,
	points: t.numberConstrained(1, 100000),
	explanation: t.optional(t.string),
	hints: t.optional(t.array(t.string)),
	difficulty: t.optional(t.string),
	standards: t.optional(t.array(isStandard)),
	timeLimit: t.optional(t.numberConstrained(1, 3600)),
	kind: t.optional(t.literal("choice", "number_line", "fraction_bar", "ordering")),
	order: t.optional(t.array(t.integer)),
	activity: t.optional(boundedString(1, 50)),
});

/** An ordering key names every option once, and `correct` is its first item. */
const isOrderKey = (q: LessonQuestion): boolean => {
	if (q.kind !== "ordering") return q.order === undefined;
	const order = q.order;
	if (order === undefined || order.size() !== q.options.size() || order[0] !== q.correct) return false;
	const seen = new Set<number>();
	for (const i of order) {
		if (i < 0 || i >= q.options.size() || seen.has(i)) return false;
		seen.add(i);
	}
	return true;
};

/** A question whose key points at one of its 2 to 6 options. */
export const isLessonQuestion = (v: unknown): v is LessonQuestion =>
	isQuestionShape(v) && v.options.size() >= 2 && v.options.size() <= 6 && v.correct >= 0 && v.correct < v.options.size() && isOrderKey(v);

const isVector = (v: unknown): v is [number, number, number] =>
	typeIs(v, "table") && t.number((v as number[])[0]) && t.number((v as number[])[1]) && t.number((v as number[])[2]);

const isSceneObject = t.interface({
	type: boundedString(1, 64),
	position: isVector,
	properties: t.optional(t.map(t.string, t.any)),
});

const isContentShape = t.interface({
	terrain: t.optional(
		t.interface({ type: t.optional(t.string), materials: t.optional(t.array(t.string)), lighting: t.optional(t.string) }),
	),
	objects: t.optional(t.array(isSceneObject)),
	quiz: t.interface({ questions: t.array(isLessonQuestion) }),
});

/** Content good enough to run: at least one valid question and unique question ids. */
export function isLessonContent(v: unknown): v is LessonContent {
	if (!isContentShape(v) || v.quiz.questions.size() === 0) return false;
	const seen = new Set<string>();
	for (const q of v.quiz.questions) {
		if (seen.has(q.id)) return false;
		seen.add(q.id);
	}
	return true;
}
