import { and, count, desc, eq, gt, isNull, ne } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.js";
import { AppError, conflict, notFound } from "../../../http/errors.js";
import { publicQuestion, type LessonContent, type PublicQuestion, type Question } from "../../content/index.js";
import { lessonContents } from "../../content/tables.js";
import type { Caller } from "../caller.js";
import { classroomSessions, sessionPlayers, type SessionSettings } from "../tables.js";

export type SessionRow = typeof classroomSessions.$inferSelect;
export type SessionStatus = "active" | "ended" | "expired";

/**
 * A session the caller may use: one of the caller's school (another school's id is
 * indistinguishable from a missing one), and for a place key one its own place created. A session
 * a place created is that place's; another place of the same school gets 403. Sessions a teacher
 * created (no place) are open to every place of the school.
 */
export async function loadSession(db: Db | Tx, caller: Caller, sessionId: string, options: { lock?: boolean; field?: string } = {}): Promise<SessionRow> {
	const query = db.select().from(classroomSessions).where(and(eq(classroomSessions.id, sessionId), eq(classroomSessions.schoolId, caller.schoolId)));
	const [row] = options.lock ? await query.for("update") : await query;
	if (!row) throw notFound("Session");
	assertPlaceMayUse(caller, row, options.field);
	return row;
}

export function assertPlaceMayUse(caller: Caller, row: Pick<SessionRow, "placeId">, field = "session_id"): void {
	if (caller.kind === "place" && row.placeId !== null && row.placeId !== caller.placeId) {
		throw new AppError(403, "FORBIDDEN", "This session belongs to another place of the school", { field });
	}
}

export function statusOf(row: Pick<SessionRow, "status" | "expiresAt">, now: number): SessionStatus {
	if (row.status === "ended") return "ended";
	return now >= row.expiresAt.getTime() ? "expired" : "active";
}

/** Refuses writes to a session that is over, with a code a game server can branch on. */
export function assertActive(row: Pick<SessionRow, "status" | "expiresAt">, now: number): void {
	const status = statusOf(row, now);
	if (status === "ended") throw new AppError(409, "SESSION_ENDED", "The session has ended", { field: "session_id", status });
	if (status === "expired") throw new AppError(409, "SESSION_EXPIRED", "The session has expired", { field: "session_id", status, expiresAt: row.expiresAt.toISOString() });
}

export async function currentPlayerCount(db: Db | Tx, sessionId: string): Promise<number> {
	const [row] = await db.select({ n: count() }).from(sessionPlayers).where(and(eq(sessionPlayers.sessionId, sessionId), isNull(sessionPlayers.leftAt)));
	return Number(row?.n ?? 0);
}

export async function sessionContent(db: Db | Tx, session: SessionRow): Promise<LessonContent> {
	const [row] = await db.select({ content: lessonContents.content }).from(lessonContents).where(eq(lessonContents.id, session.contentId));
	if (!row) throw notFound("Content");
	return row.content;
}

export function findQuestion(content: LessonContent, questionId: string): { question: Question; index: number } {
	const index = content.quiz.questions.findIndex((q) => q.id === questionId);
	if (index < 0) throw notFound("Question");
	return { question: content.quiz.questions[index], index };
}

export async function loadPlayer(db: Db | Tx, sessionId: string, playerId: string, options: { lock?: boolean } = {}) {
	const query = db.select().from(sessionPlayers).where(and(eq(sessionPlayers.sessionId, sessionId), eq(sessionPlayers.playerId, playerId)));
	const [row] = options.lock ? await query.for("update") : await query;
	return row;
}

export const sessionFull = (max: number) => conflict(`The session is full (${max} players)`, { field: "playerId", maxPlayers: max });

/**
 * A question as this session may show it to players: no answer key, and no hints when the
 * session was created with `allowHints: false` (stripped here, so no place-facing route can
 * leak them whatever the game server does).
 */
export function sessionQuestion(question: Question, settings: Pick<SessionSettings, "allowHints">): PublicQuestion {
	const shown = publicQuestion(question);
	if (settings.allowHints) return shown;
	const { hints: _hints, ...withoutHints } = shown;
	return withoutHints;
}

/**
 * Whether a place may show hints now: false while the place's newest live session (not ended,
 * not expired) was created with `allowHints: false`. Lessons are fetched before a session
 * exists, so this covers content read while such a session runs; the session routes strip
 * hints in any case (sessionQuestion).
 */
export async function placeHintsAllowed(db: Db | Tx, schoolId: string, placeId: string, now: number): Promise<boolean> {
	const [live] = await db
		.select({ settings: classroomSessions.settings })
		.from(classroomSessions)
		.where(and(eq(classroomSessions.schoolId, schoolId), eq(classroomSessions.placeId, placeId), ne(classroomSessions.status, "ended"), gt(classroomSessions.expiresAt, new Date(now))))
		.orderBy(desc(classroomSessions.createdAt))
		.limit(1);
	return live?.settings.allowHints ?? true;
}

/** A lesson with every hint removed (for a place whose live session forbids hints). */
export function withoutHints(content: LessonContent): LessonContent {
	return { ...content, quiz: { ...content.quiz, questions: content.quiz.questions.map((q) => ({ ...q, hints: [] })) } };
}
