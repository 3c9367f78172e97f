import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { type Static, Type } from "@sinclair/typebox";
import { count, eq, sum } from "drizzle-orm";
import { robloxErrorStyle } from "../../../http/errorStyles.js";
import { AppError } from "../../../http/errors.js";
import { callerOf, classroomRateLimit, requireCaller } from "../caller.js";
import { SessionParams, security } from "../schema.js";
import { loadSession, sessionContent } from "../sessions/service.js";
import { quizAnswers, sessionPlayers } from "../tables.js";
import { AnswerBody, AnswerResponse, BatchAnswerResponse, ResultsResponse } from "./schema.js";
import { recordAnswer } from "./service.js";

/**
 * Quiz answers are scored here, never in the game: the answer key stays on the backend. One
 * answer per player per question: a retry with the same answer returns the recorded result
 * (`alreadyAnswered: true`), a different second answer is 409 ALREADY_ANSWERED. Answers to a
 * question not yet opened are 409 QUESTION_NOT_OPEN; after its time limit, 409 QUESTION_CLOSED.
 * Game servers batch: an array of answers gets per-answer results (see service.ts for timing).
 */
export const quizRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const db = () => app.core.database.db;
	const limits = classroomRateLimit(app.core.config);
	const anyCaller = requireCaller(db);

	app.post(
		"/quiz/answer",
		{
			preHandler: anyCaller,
			config: limits,
			schema: {
				tags: ["classroom"],
				summary: "Submit a quiz answer, or an array of up to 100 (scored on the server)",
				description:
					"One answer -> its result. An array -> `{ results: [...] }`, one entry per answer in order, each scored in its own transaction (a duplicate or refused answer does not fail the others). Place keys may send `answeredAt` (and `openedAt` on the open call) to be timed on the game server's clock.",
				security,
				body: AnswerBody,
				response: { 200: Type.Union([AnswerResponse, BatchAnswerResponse]) },
			},
		},
		async (request) => {
			const caller = callerOf(request);
			const body = request.body;
			if (!Array.isArray(body)) return recordAnswer(db(), caller, body, app.core.clock());
			const results: Static<typeof BatchAnswerResponse>["results"] = [];
			for (const [index, item] of body.entries()) {
				try {
					results.push({ index, status: 200, result: await recordAnswer(db(), caller, item, app.core.clock()) });
				} catch (error) {
					// Anything but a refusal of this one answer (a database failure) fails the request:
					// the answers already scored stay, and a retry gets them back as alreadyAnswered.
					if (!(error instanceof AppError)) throw error;
					const { code, message, details } = (robloxErrorStyle(error, request) as { error: { code: string; message: string; details?: unknown } }).error;
					results.push({ index, status: error.statusCode, error: { code, message, details } });
				}
			}
			return { results };
		},
	);

	app.get(
		"/quiz/:session_id/results",
		{ preHandler: anyCaller, config: limits, schema: { tags: ["classroom"], summary: "Quiz results of a session", security, params: SessionParams, response: { 200: ResultsResponse } } },
		async (request) => {
			const session = await loadSession(db(), callerOf(request), request.params.session_id);
			const content = await sessionContent(db(), session);
			const players = await db()
				.select()
				.from(sessionPlayers)
				.where(eq(sessionPlayers.sessionId, session.id));
			const totals = await db()
				.select({ playerId: quizAnswers.playerId, answered: count(), elapsedMs: sum(quizAnswers.elapsedMs) })
				.from(quizAnswers)
				.where(eq(quizAnswers.sessionId, session.id))
				.groupBy(quizAnswers.playerId);
			const byPlayer = new Map(totals.map((x) => [x.playerId, x]));
			const playerResults = players
				.map((p) => ({
					playerId: p.playerId,
					playerName: p.playerName,
					correctAnswers: p.correctCount,
					answered: Number(byPlayer.get(p.playerId)?.answered ?? 0),
					totalScore: p.score,
					timeSpent: Math.round(Number(byPlayer.get(p.playerId)?.elapsedMs ?? 0) / 1000),
				}))
				.sort((a, b) => b.totalScore - a.totalScore || a.playerId.localeCompare(b.playerId));
			const averageScore = playerResults.length ? round2(playerResults.reduce((s, p) => s + p.totalScore, 0) / playerResults.length) : 0;
			return { sessionId: session.id, totalQuestions: content.quiz.questions.length, playerResults, averageScore, completedAt: session.endedAt?.toISOString() ?? null };
		},
	);
};

const round2 = (n: number) => Math.round(n * 100) / 100;
