/**
 * Starting the compiled place as a classroom: a ServerStorage.ClassroomConfig module (what a
 * developer syncs with Rojo), lessons as ServerStorage.ClassroomContent.<contentId> JSON
 * modules, and small readers for what the server sent a player.
 */
import { jsonToLuau } from "../../harness/rojo/jsonToLuau";
import { Place, SimPlayer, startPlace, Universe } from "../../harness";
import type { StartOptions } from "../../harness";
import { generateLesson } from "../../../server/src/modules/content/generateLesson";
import type { LessonContent } from "../../../server/src/modules/content/types";

export const PROFILE_STORE = "ClassroomProfiles_v1";
/** A backend host nobody serves: requests fail like an unknown domain (HttpError: DnsResolve). */
export const NO_BACKEND = "https://unreachable.example.test";

export interface ClassroomOptions extends Omit<StartOptions, "extraScripts"> {
	config?: Record<string, unknown>;
	lessons?: Record<string, LessonContent>;
}

export async function startClassroom(options: ClassroomOptions = {}): Promise<Place> {
	const { config = {}, lessons = {}, ...rest } = options;
	const extraScripts: NonNullable<StartOptions["extraScripts"]> = {
		"ServerStorage.ClassroomConfig": {
			className: "ModuleScript",
			source: jsonToLuau({ backendUrl: NO_BACKEND, teacherUserIds: [1], contentPollInterval: 0, ...config }),
		},
	};
	for (const [id, content] of Object.entries(lessons)) {
		extraScripts[`ServerStorage.ClassroomContent.${id}`] = { className: "ModuleScript", source: jsonToLuau(content) };
	}
	return startPlace({ ...rest, universe: rest.universe ?? new Universe(), extraScripts });
}

/** Runs several servers of one universe side by side for `seconds`, in half-second steps. */
export async function advanceTogether(places: Place[], seconds: number): Promise<void> {
	for (let left = seconds; left > 1e-9; left -= 0.5) {
		for (const place of places) await place.advance(Math.min(0.5, left));
	}
}

/** A reproducible grade-5 fractions lesson from the real generator. */
export async function fractionsLesson(questions = 3, seed = 11): Promise<LessonContent> {
	return generateLesson(
		{ subject: "Mathematics", gradeLevel: 5, learningObjectives: ["Add fractions with unlike denominators"], maxQuestions: questions },
		{ seed },
	);
}

export interface QuestionPayload {
	sessionId: string;
	questionId: string;
	index: number;
	text: string;
	options: string[];
	openedAt: number;
	closesAt: number;
	points: number;
	hints: string[];
	/** How to answer; absent: pick one option. */
	kind?: "choice" | "number_line" | "fraction_bar" | "ordering";
}

/** The last question the server sent this player. */
export function lastQuestion(player: SimPlayer): QuestionPayload | undefined {
	const all = player.received("question");
	return all.length ? (all[all.length - 1][0] as QuestionPayload) : undefined;
}

export function lastOf<T>(player: SimPlayer, remote: string): T | undefined {
	const all = player.received(remote);
	return all.length ? (all[all.length - 1][0] as T) : undefined;
}

/** The slot at which this player sees the right (or a wrong) option of a lesson question. */
export function slotFor(lesson: LessonContent, view: QuestionPayload, right: boolean): number {
	const question = lesson.quiz.questions.find((q) => q.id === view.questionId)!;
	const key = question.options[question.correct];
	const slot = right ? view.options.indexOf(key) : view.options.findIndex((o) => o !== key);
	if (slot < 0) throw new Error("option not found in the player's view");
	return slot;
}

/** A stored profile: `{ data, lock, handoff }`. */
export function storedProfile(place: Place, userId: number): { data: { totalScore: number; answers: Record<string, { earned: number }>; outbox: string[] }; lock?: { jobId: string } ; handoff?: unknown[] } | undefined {
	return place.universe.read(PROFILE_STORE, `player_${userId}`) as never;
}

/** Launches `contentId` as the teacher and lets an unreachable backend time out (offline session). */
export async function launch(place: Place, teacher: SimPlayer, contentId: string, wait = 10): Promise<void> {
	await teacher.fire("teacherCommand", { kind: "launch", contentId });
	await place.advance(wait);
}

export async function nextQuestion(place: Place, teacher: SimPlayer): Promise<void> {
	await teacher.fire("teacherCommand", { kind: "next" });
}

/** Calls a Flamework service of the running server (e.g. "server/classroom/ProgressService@ProgressService"). */
export async function serviceEval<T>(place: Place, id: string, body: string): Promise<T> {
	return place.eval<T>(`
		local core = game:GetService("ReplicatedStorage").rbxts_include.node_modules["@flamework"].core.out
		local service = require(core).Flamework.resolveDependency(${JSON.stringify(id)})
		${body}
	`);
}
