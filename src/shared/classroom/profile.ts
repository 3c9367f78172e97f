import { t } from "@rbxts/t";

/**
 * A player's saved classroom progress and the migrations that bring older saves up to date.
 * Points are stored per answer under `sessionId/questionId`, and the totals only ever grow by
 * an answer not seen before, so replaying a save or a report can never count points twice.
 */
export const PROFILE_VERSION = 3;
/** Answers kept per profile; older ones are folded into the totals. */
export const MAX_ANSWERS_KEPT = 400;

export interface AnswerRecord {
	sessionId: string;
	lessonId: string;
	questionId: string;
	/** Index of the chosen option in the lesson's own order. */
	choice: number;
	right: boolean;
	earned: number;
	/** Server-clock seconds between the question opening and the answer. */
	elapsed: number;
	/** Unix seconds. */
	at: number;
	/** Unix ms on the game server's clock (openedAt + elapsed), sent as `answeredAt`; absent in old profiles. */
	answeredAt?: number;
}

export interface LessonProgress {
	score: number;
	answered: number;
	right: number;
}

export interface ProfileData {
	version: number;
	totalScore: number;
	bestStreak: number;
	answers: Record<string, AnswerRecord>;
	lessons: Record<string, LessonProgress>;
	achievements: string[];
	/** Answer keys the backend has not acknowledged yet; sent again by whichever server loads the profile. */
	outbox: string[];
}

export function newProfile(): ProfileData {
	return { version: PROFILE_VERSION, totalScore: 0, bestStreak: 0, answers: {}, lessons: {}, achievements: [], outbox: [] };
}

export function answerKey(sessionId: string, questionId: string): string {
	return `${sessionId}/${questionId}`;
}

/**
 * Adds an answer unless one for the same session and question is already there. Returns true
 * when it was added (and the totals moved).
 */
export function recordAnswer(data: ProfileData, answer: AnswerRecord, streak: number): boolean {
	const key = answerKey(answer.sessionId, answer.questionId);
	if (data.answers[key] !== undefined) return false;
	data.answers[key] = answer;
	data.totalScore += answer.earned;
	data.bestStreak = math.max(data.bestStreak, streak);
	const lesson = data.lessons[answer.lessonId] ?? { score: 0, answered: 0, right: 0 };
	lesson.score += answer.earned;
	lesson.answered += 1;
	if (answer.right) lesson.right += 1;
	data.lessons[answer.lessonId] = lesson;
	data.outbox.push(key);
	if (answer.right && !data.achievements.includes("first_right")) data.achievements.push("first_right");
	if (streak >= 5 && !data.achievements.includes("streak_5")) data.achievements.push("streak_5");
	trimAnswers(data);
	return true;
}

/** Marks answers the backend acknowledged. */
export function acknowledge(data: ProfileData, keys: readonly string[]): void {
	const done = new Set(keys);
	data.outbox = data.outbox.filter((k) => !done.has(k));
}

type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/**
 * MIGRATIONS[n] turns a version-n save into version n+1. Version 1 (the first release) stored
 * `{ score, answered: string[] }`; version 2 introduced per-answer records and lessons;
 * version 3 added the backend outbox, best streak and achievements.
 */
const MIGRATIONS: Record<number, Migration> = {
	1: (old) => ({
		version: 2,
		totalScore: typeIs(old.score, "number") ? old.score : 0,
		answers: {},
		lessons: {},
	}),
	2: (old) => ({ ...old, version: 3, bestStreak: 0, achievements: [], outbox: [] }),
};

const isProfileData = t.interface({
	version: t.literal(PROFILE_VERSION),
	totalScore: t.number,
	bestStreak: t.number,
	answers: t.map(t.string, t.table),
	lessons: t.map(t.string, t.table),
	achievements: t.array(t.string),
	outbox: t.array(t.string),
});

export type MigrationResult =
	| { ok: true; data: ProfileData; migrated: boolean }
	| { ok: false; reason: "newer" | "corrupt" };

/**
 * Brings a stored value up to the current version. A save from a newer version of the game is
 * refused (never downgraded), and so is one that does not validate after migrating.
 */
export function migrateProfile(stored: unknown): MigrationResult {
	if (stored === undefined) return { ok: true, data: newProfile(), migrated: false };
	if (!typeIs(stored, "table")) return { ok: false, reason: "corrupt" };
	let value = stored as Record<string, unknown>;
	let version = typeIs(value.version, "number") ? value.version : 1;
	if (version > PROFILE_VERSION) return { ok: false, reason: "newer" };
	const migrated = version < PROFILE_VERSION;
	while (version < PROFILE_VERSION) {
		const step = MIGRATIONS[version];
		if (!step) return { ok: false, reason: "corrupt" };
		value = step(value);
		version = value.version as number;
	}
	if (!isProfileData(value)) return { ok: false, reason: "corrupt" };
	return { ok: true, data: value as unknown as ProfileData, migrated };
}

function trimAnswers(data: ProfileData): void {
	const keys: Array<[string, number]> = [];
	for (const [key, answer] of pairs(data.answers)) keys.push([key, answer.at]);
	if (keys.size() <= MAX_ANSWERS_KEPT) return;
	keys.sort((a, b) => a[1] < b[1]);
	const pending = new Set(data.outbox);
	let excess = keys.size() - MAX_ANSWERS_KEPT;
	for (const [key] of keys) {
		if (excess <= 0) break;
		// An unreported answer stays until the backend has it.
		if (pending.has(key)) continue;
		delete data.answers[key];
		excess -= 1;
	}
}

/**
 * Replaces the points of a recorded answer with the backend's authoritative figure, moving the
 * totals by the difference only (so applying it twice changes nothing).
 */
export function setEarned(data: ProfileData, key: string, earned: number): void {
	const answer = data.answers[key];
	if (!answer || answer.earned === earned) return;
	const diff = earned - answer.earned;
	answer.earned = earned;
	data.totalScore += diff;
	const lesson = data.lessons[answer.lessonId];
	if (lesson) lesson.score += diff;
}
