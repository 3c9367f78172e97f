import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { and, eq } from "drizzle-orm";
import { notFound } from "../../../http/errors.js";
import { callerOf, classroomRateLimit, requireCaller } from "../caller.js";
import { PlayerParams, SessionParams, security } from "../schema.js";
import { loadSession, sessionContent } from "../sessions/service.js";
import { classroomSessions, playerAchievements, progressEvents, quizAnswers, sessionPlayers } from "../tables.js";
import { itemAnalysis } from "./itemAnalysis.js";

/**
 * Analytics (spec shapes plus `itemAnalysis`). Definitions, so numbers can be checked by hand:
 * - duration: seconds from creation to end (or now, capped at expiry).
 * - averageProgress: mean over joined players of their latest reported progress (0 if none).
 * - quizResults.averageScore: mean total score of joined players; completionRate: % of joined
 *   players who answered every question.
 * - engagement.averageTimePerPlayer: mean seconds from join to leave (or session end / now);
 *   mostActiveTime: the UTC half hour with the most answers and progress reports;
 *   dropoffRate: % of joined players who left before the session ended.
 * Percentages and means are rounded to 2 decimals.
 */
const ItemStats = Type.Object({
	questionId: Type.String(),
	responses: Type.Integer(),
	difficulty: Type.Union([Type.Number(), Type.Null()]),
	discrimination: Type.Union([Type.Number(), Type.Null()]),
	optionShares: Type.Array(Type.Number()),
});
const SessionAnalytics = Type.Object({
	sessionId: Type.String(),
	duration: Type.Integer(),
	totalPlayers: Type.Integer(),
	averageProgress: Type.Number(),
	quizResults: Type.Object({ totalQuestions: Type.Integer(), averageScore: Type.Number(), completionRate: Type.Number() }),
	engagement: Type.Object({ averageTimePerPlayer: Type.Integer(), mostActiveTime: Type.Union([Type.String(), Type.Null()]), dropoffRate: Type.Number() }),
	itemAnalysis: Type.Array(ItemStats),
});
const PlayerAnalytics = Type.Object({
	playerId: Type.String(),
	sessionsJoined: Type.Integer(),
	totalScore: Type.Integer(),
	quiz: Type.Object({ answered: Type.Integer(), correct: Type.Integer(), accuracy: Type.Number(), averageResponseTime: Type.Number() }),
	latestProgress: Type.Union([Type.Number(), Type.Null()]),
	achievements: Type.Integer(),
	sessions: Type.Array(Type.Object({ sessionId: Type.String(), joinedAt: Type.String(), score: Type.Integer(), correctAnswers: Type.Integer(), answered: Type.Integer() })),
});

export const analyticsRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const db = () => app.core.database.db;
	const limits = classroomRateLimit(app.core.config, "analytics");
	const anyCaller = requireCaller(db);

	app.get(
		"/analytics/sessions/:session_id",
		{ preHandler: anyCaller, config: limits, schema: { tags: ["classroom"], summary: "Session analytics with item analysis", security, params: SessionParams, response: { 200: SessionAnalytics } } },
		async (request) => {
			const session = await loadSession(db(), callerOf(request), request.params.session_id);
			const now = app.core.clock();
			const end = session.endedAt?.getTime() ?? Math.min(now, session.expiresAt.getTime());
			const [content, players, answers, events] = await Promise.all([
				sessionContent(db(), session),
				db().select().from(sessionPlayers).where(eq(sessionPlayers.sessionId, session.id)),
				db().select().from(quizAnswers).where(eq(quizAnswers.sessionId, session.id)),
				db().select().from(progressEvents).where(eq(progressEvents.sessionId, session.id)),
			]);
			const questions = content.quiz.questions;
			const n = players.length;
			const latestProgress = new Map<string, { at: number; progress: number }>();
			for (const e of events) {
				const prev = latestProgress.get(e.playerId);
				if (!prev || e.at.getTime() >= prev.at) latestProgress.set(e.playerId, { at: e.at.getTime(), progress: e.progress });
			}
			const answeredBy = new Map<string, number>();
			for (const a of answers) answeredBy.set(a.playerId, (answeredBy.get(a.playerId) ?? 0) + 1);
			const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
			const pct = (k: number) => (n ? round2((100 * k) / n) : 0);
			return {
				sessionId: session.id,
				duration: Math.max(0, Math.round((end - session.createdAt.getTime()) / 1000)),
				totalPlayers: n,
				averageProgress: round2(mean(players.map((p) => latestProgress.get(p.playerId)?.progress ?? 0))),
				quizResults: {
					totalQuestions: questions.length,
					averageScore: round2(mean(players.map((p) => p.score))),
					completionRate: pct(players.filter((p) => questions.length > 0 && (answeredBy.get(p.playerId) ?? 0) >= questions.length).length),
				},
				engagement: {
					averageTimePerPlayer: Math.round(mean(players.map((p) => Math.max(0, ((p.leftAt?.getTime() ?? end) - p.joinedAt.getTime()) / 1000)))),
					mostActiveTime: busiestHalfHour([...answers.map((a) => a.answeredAt), ...events.map((e) => e.recordedAt)]),
					dropoffRate: pct(players.filter((p) => p.leftAt && p.leftAt.getTime() < end).length),
				},
				itemAnalysis: itemAnalysis(questions, answers, players.map((p) => ({ playerId: p.playerId, correct: p.correctCount, score: p.score }))),
			};
		},
	);

	app.get(
		"/analytics/players/:player_id",
		{ preHandler: anyCaller, config: limits, schema: { tags: ["classroom"], summary: "Player analytics", security, params: PlayerParams, response: { 200: PlayerAnalytics } } },
		async (request) => {
			const schoolId = callerOf(request).schoolId;
			const playerId = request.params.player_id;
			const memberships = await db()
				.select({ player: sessionPlayers })
				.from(sessionPlayers)
				.innerJoin(classroomSessions, eq(classroomSessions.id, sessionPlayers.sessionId))
				.where(and(eq(sessionPlayers.playerId, playerId), eq(classroomSessions.schoolId, schoolId)))
				.orderBy(sessionPlayers.joinedAt);
			const answers = await db()
				.select({ answer: quizAnswers })
				.from(quizAnswers)
				.innerJoin(classroomSessions, eq(classroomSessions.id, quizAnswers.sessionId))
				.where(and(eq(quizAnswers.playerId, playerId), eq(classroomSessions.schoolId, schoolId)));
			const events = await db()
				.select({ progress: progressEvents.progress, at: progressEvents.at })
				.from(progressEvents)
				.where(and(eq(progressEvents.schoolId, schoolId), eq(progressEvents.playerId, playerId)));
			if (memberships.length === 0 && events.length === 0) throw notFound("Player");
			const achievements = await db()
				.select({ id: playerAchievements.achievementId })
				.from(playerAchievements)
				.where(and(eq(playerAchievements.schoolId, schoolId), eq(playerAchievements.playerId, playerId)));
			const correct = answers.filter((a) => a.answer.correct).length;
			const latest = events.sort((a, b) => b.at.getTime() - a.at.getTime())[0];
			return {
				playerId,
				sessionsJoined: memberships.length,
				totalScore: memberships.reduce((s, m) => s + m.player.score, 0),
				quiz: {
					answered: answers.length,
					correct,
					accuracy: answers.length ? round2((100 * correct) / answers.length) : 0,
					averageResponseTime: answers.length ? round2(answers.reduce((s, a) => s + a.answer.elapsedMs, 0) / answers.length / 1000) : 0,
				},
				latestProgress: latest?.progress ?? null,
				achievements: achievements.length,
				sessions: memberships.map(({ player }) => ({
					sessionId: player.sessionId,
					joinedAt: player.joinedAt.toISOString(),
					score: player.score,
					correctAnswers: player.correctCount,
					answered: answers.filter((a) => a.answer.sessionId === player.sessionId).length,
				})),
			};
		},
	);
};

/** `10:30-11:00` (UTC) for the half hour holding the most activity; earliest wins ties. */
function busiestHalfHour(times: Date[]): string | null {
	if (times.length === 0) return null;
	const buckets = new Map<number, number>();
	for (const t of times) {
		const bucket = Math.floor(t.getTime() / 1_800_000);
		buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1);
	}
	const [best] = [...buckets.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
	const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
	return `${hhmm(best * 1_800_000)}-${hhmm((best + 1) * 1_800_000)}`;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
