import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { and, count, eq, sql, sum } from "drizzle-orm";
import { AppError, badRequest } from "../../../http/errors.js";
import { publicQuestion, type Question } from "../../content/index.js";
import { callerOf, classroomRateLimit, requireCaller } from "../caller.js";
import { SessionParams, security } from "../schema.js";
import { assertActive, loadPlayer, loadSession, sessionContent } from "../sessions/service.js";
import { questionOpenings, quizAnswers, sessionPlayers } from "../tables.js";
import { AnswerBody, AnswerResponse, ResultsResponse } from "./schema.js";
import { scoreAnswer } from "./scoring.js";

/**
 * Quiz answers are scored here, never in the game: the answer key stays on the backend. One
 * answer per player per question: a retry with the same answer returns the recorded result
 * (`alreadyAnswered: true`), a different second answer is 409 ALREADY_ANSWERED. Answers to a
 * question not yet opened are 409 QUESTION_NOT_OPEN; after its time limit, 409 QUESTION_CLOSED.
 */
export const quizRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const db = () => app.core.database.db;
	const limits = classroomRateLimit(app.core.config);
	const anyCaller = requireCaller(db);

	app.post(
		"/quiz/answer",
		{ preHandler: anyCaller, config: limits, schema: { tags: ["classroom"], summary: "Submit a quiz answer (scored on the server)", security, body: AnswerBody, response: { 200: AnswerResponse } } },
		async (request) => {
			const caller = callerOf(request);
			const body = request.body;
			const now = app.core.clock();
			return db().transaction(async (tx) => {
				const session = await loadSession(tx, caller.schoolId, body.sessionId);
				const content = await sessionContent(tx, session);
				const { question, index } = findQuestionField(content.quiz.questions, body.questionId);
				const next = content.quiz.questions[index + 1];
				const nextQuestion = next ? publicQuestion(next) : null;
				const optionIndex = optionOf(question, body.answer);
				// Lock the player's row: their answers are scored one at a time, so the streak is exact.
				const player = await loadPlayer(tx, session.id, body.playerId, { lock: true });
				if (!player) throw new AppError(409, "PLAYER_NOT_JOINED", "The player has not joined this session", { field: "playerId" });

				const [previous] = await tx
					.select()
					.from(quizAnswers)
					.where(and(eq(quizAnswers.sessionId, session.id), eq(quizAnswers.playerId, body.playerId), eq(quizAnswers.questionId, question.id)));
				if (previous) {
					if (previous.optionIndex !== optionIndex) throw new AppError(409, "ALREADY_ANSWERED", "This player already answered this question", { field: "answer" });
					return {
						correct: previous.correct,
						points: previous.points,
						explanation: question.explanation,
						nextQuestion,
						streak: player.streak,
						streakBonus: previous.streakBonus,
						responseTime: previous.elapsedMs / 1000,
						alreadyAnswered: true,
					};
				}

				assertActive(session, now);
				const [opening] = await tx
					.select()
					.from(questionOpenings)
					.where(and(eq(questionOpenings.sessionId, session.id), eq(questionOpenings.questionId, question.id)));
				if (!opening) throw new AppError(409, "QUESTION_NOT_OPEN", "This question has not been opened yet", { field: "questionId" });
				const elapsedMs = now - opening.openedAt.getTime();
				const limitMs = session.settings.questionTimeLimit * 1000;
				if (elapsedMs > limitMs) throw new AppError(409, "QUESTION_CLOSED", "Time is up for this question", { field: "questionId", timeLimit: session.settings.questionTimeLimit });

				const correct = optionIndex === question.correct;
				const scored = scoreAnswer({ correct, points: question.points, elapsedMs, limitMs, previousStreak: player.streak });
				await tx.insert(quizAnswers).values({
					sessionId: session.id,
					playerId: body.playerId,
					questionId: question.id,
					optionIndex,
					correct,
					points: scored.points,
					streakBonus: scored.streakBonus,
					elapsedMs,
					answeredAt: new Date(now),
				});
				await tx
					.update(sessionPlayers)
					.set({ score: sql`${sessionPlayers.score} + ${scored.points}`, correctCount: sql`${sessionPlayers.correctCount} + ${correct ? 1 : 0}`, streak: scored.streak })
					.where(and(eq(sessionPlayers.sessionId, session.id), eq(sessionPlayers.playerId, body.playerId)));
				return {
					correct,
					points: scored.points,
					explanation: question.explanation,
					nextQuestion,
					streak: scored.streak,
					streakBonus: scored.streakBonus,
					responseTime: elapsedMs / 1000,
					alreadyAnswered: false,
				};
			});
		},
	);

	app.get(
		"/quiz/:session_id/results",
		{ preHandler: anyCaller, config: limits, schema: { tags: ["classroom"], summary: "Quiz results of a session", security, params: SessionParams, response: { 200: ResultsResponse } } },
		async (request) => {
			const session = await loadSession(db(), callerOf(request).schoolId, request.params.session_id);
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

function findQuestionField(questions: Question[], questionId: string) {
	const index = questions.findIndex((q) => q.id === questionId);
	if (index < 0) throw new AppError(404, "NOT_FOUND", "Question not found in this session's content", { field: "questionId" });
	return { question: questions[index], index };
}

function optionOf(question: Question, answer: string | number): number {
	const index = typeof answer === "number" ? answer : question.options.findIndex((o) => o.trim() === answer.trim());
	if (index < 0 || index >= question.options.length) throw badRequest("answer is not one of the question's options", { field: "answer", issue: "must be one of the options (text or index)" });
	return index;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
