import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { asc, count, desc, eq, inArray } from "drizzle-orm";
import { callerOf, classroomRateLimit, requireCaller } from "../caller.js";
import { SessionParams, security } from "../schema.js";
import { questionOpenings, quizAnswers, sessionPlayers, classroomSessions } from "../tables.js";
import { loadSession, sessionContent, statusOf } from "./service.js";

/**
 * What a teacher follows (teachers' tokens only; the live view carries the answer key).
 *
 *   GET /v2/roblox/sessions?limit=          the school's sessions, newest first
 *   GET /v2/roblox/sessions/{id}/live       players, the current question, and per question the
 *       answers so far: count per option (in the lesson's option order), who answered, who has not.
 *       The classroom WebSocket announces `answers_received` / `player_joined` so the app refetches.
 */
const ListQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) });
const SessionSummary = Type.Object({
	sessionId: Type.String(),
	status: Type.String(),
	contentId: Type.String(),
	placeId: Type.Union([Type.String(), Type.Null()]),
	players: Type.Integer(),
	createdAt: Type.String(),
	endedAt: Type.Union([Type.String(), Type.Null()]),
});
const LivePlayer = Type.Object({ playerId: Type.String(), playerName: Type.String(), score: Type.Integer(), correctAnswers: Type.Integer(), joinedAt: Type.String(), present: Type.Boolean() });
const LiveQuestion = Type.Object({
	questionId: Type.String(),
	index: Type.Integer(),
	text: Type.String(),
	options: Type.Array(Type.String()),
	correct: Type.Integer(),
	openedAt: Type.Union([Type.String(), Type.Null()]),
	answers: Type.Integer(),
	optionCounts: Type.Array(Type.Integer()),
	answeredPlayerIds: Type.Array(Type.String()),
	notAnsweredPlayerIds: Type.Array(Type.String()),
});
const LiveResponse = Type.Object(
	{
		sessionId: Type.String(),
		status: Type.String(),
		contentId: Type.String(),
		placeId: Type.Union([Type.String(), Type.Null()]),
		createdAt: Type.String(),
		endedAt: Type.Union([Type.String(), Type.Null()]),
		currentQuestionId: Type.Union([Type.String(), Type.Null()]),
		players: Type.Array(LivePlayer),
		questions: Type.Array(LiveQuestion),
	},
	{ $id: "LiveSession" },
);

export const sessionTeacherRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const db = () => app.core.database.db;
	const limits = classroomRateLimit(app.core.config);
	const teacherOnly = requireCaller(db, { places: false });

	app.get(
		"/sessions",
		{ preHandler: teacherOnly, config: limits, schema: { tags: ["classroom"], summary: "Your school's sessions, newest first", security, querystring: ListQuery, response: { 200: Type.Object({ sessions: Type.Array(SessionSummary) }) } } },
		async (request) => {
			const schoolId = callerOf(request).schoolId;
			const rows = await db().select().from(classroomSessions).where(eq(classroomSessions.schoolId, schoolId)).orderBy(desc(classroomSessions.createdAt), desc(classroomSessions.id)).limit(request.query.limit);
			const now = app.core.clock();
			const counts = rows.length
				? await db().select({ sessionId: sessionPlayers.sessionId, players: count() }).from(sessionPlayers).where(inArray(sessionPlayers.sessionId, rows.map((r) => r.id))).groupBy(sessionPlayers.sessionId)
				: [];
			const players = new Map(counts.map((c) => [c.sessionId, Number(c.players)]));
			return {
				sessions: rows.map((row) => ({ sessionId: row.id, status: statusOf(row, now), contentId: row.contentId, placeId: row.placeId, players: players.get(row.id) ?? 0, createdAt: row.createdAt.toISOString(), endedAt: row.endedAt?.toISOString() ?? null })),
			};
		},
	);

	app.get(
		"/sessions/:session_id/live",
		{ preHandler: teacherOnly, config: limits, schema: { tags: ["classroom"], summary: "Live view of a session for its teacher: players and answers per question", security, params: SessionParams, response: { 200: LiveResponse } } },
		async (request) => {
			const session = await loadSession(db(), callerOf(request), request.params.session_id);
			const content = await sessionContent(db(), session);
			const players = await db().select().from(sessionPlayers).where(eq(sessionPlayers.sessionId, session.id)).orderBy(asc(sessionPlayers.joinedAt), asc(sessionPlayers.playerId));
			const answers = await db().select().from(quizAnswers).where(eq(quizAnswers.sessionId, session.id));
			const openings = await db().select().from(questionOpenings).where(eq(questionOpenings.sessionId, session.id));
			const opened = new Map(openings.map((o) => [o.questionId, o.openedAt]));
			const present = players.filter((p) => !p.leftAt);
			return {
				sessionId: session.id,
				status: statusOf(session, app.core.clock()),
				contentId: session.contentId,
				placeId: session.placeId,
				createdAt: session.createdAt.toISOString(),
				endedAt: session.endedAt?.toISOString() ?? null,
				currentQuestionId: session.currentQuestionId,
				players: players.map((p) => ({ playerId: p.playerId, playerName: p.playerName, score: p.score, correctAnswers: p.correctCount, joinedAt: p.joinedAt.toISOString(), present: !p.leftAt })),
				questions: content.quiz.questions.map((q, index) => {
					const mine = answers.filter((a) => a.questionId === q.id);
					const answered = new Set(mine.map((a) => a.playerId));
					return {
						questionId: q.id,
						index,
						text: q.text,
						options: q.options,
						correct: q.correct,
						openedAt: opened.get(q.id)?.toISOString() ?? null,
						answers: mine.length,
						optionCounts: q.options.map((_, i) => mine.filter((a) => a.optionIndex === i).length),
						answeredPlayerIds: [...answered].sort(),
						notAnsweredPlayerIds: present.filter((p) => !answered.has(p.playerId)).map((p) => p.playerId),
					};
				}),
			};
		},
	);
};
