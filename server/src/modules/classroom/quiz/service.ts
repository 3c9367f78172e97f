import type { Static } from "@sinclair/typebox";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.js";
import { AppError, badRequest } from "../../../http/errors.js";
import type { PublicQuestion, Question } from "../../content/index.js";
import type { Caller } from "../caller.js";
import { CLOCK_SKEW_MS, reportedTime } from "../reportedTime.js";
import { assertActive, loadPlayer, loadSession, sessionContent, sessionQuestion } from "../sessions/service.js";
import { questionOpenings, quizAnswers, sessionPlayers } from "../tables.js";
import type { AnswerItem, AnswerResponse } from "./schema.js";
import { speedPoints, streaksInOrder } from "./scoring.js";

export type Answer = Static<typeof AnswerItem>;
export type Scored = Static<typeof AnswerResponse>;

/**
 * Scores one answer in its own transaction. Once per player per question: the same answer again
 * returns the recorded result (`alreadyAnswered: true`), a different one is 409 ALREADY_ANSWERED.
 * t is the arrival time minus the open time on this server's clock, or, for a place key that
 * reports `answeredAt`, answeredAt minus the reported `openedAt` (see ../reportedTime.ts).
 */
export async function recordAnswer(db: Db, caller: Caller, body: Answer, now: number): Promise<Scored> {
	const answeredAt = reportedTime(caller, body.answeredAt, "answeredAt", now);
	return db.transaction(async (tx) => {
		const session = await loadSession(tx, caller, body.sessionId, { field: "sessionId" });
		const content = await sessionContent(tx, session);
		const { question, index } = findQuestionField(content.quiz.questions, body.questionId);
		const next = content.quiz.questions[index + 1];
		const nextQuestion = next ? sessionQuestion(next, session.settings) : null;
		const optionIndex = optionOf(question, body.answer);
		// Lock the player's row: their answers are scored one at a time, so streaks are exact.
		const player = await loadPlayer(tx, session.id, body.playerId, { lock: true });
		if (!player) throw new AppError(409, "PLAYER_NOT_JOINED", "The player has not joined this session", { field: "playerId" });

		const [previous] = await tx
			.select()
			.from(quizAnswers)
			.where(and(eq(quizAnswers.sessionId, session.id), eq(quizAnswers.playerId, body.playerId), eq(quizAnswers.questionId, question.id)));
		if (previous) {
			if (previous.optionIndex !== optionIndex) throw new AppError(409, "ALREADY_ANSWERED", "This player already answered this question", { field: "answer" });
			return { ...resultOf(previous, question, nextQuestion), alreadyAnswered: true };
		}

		if (player.leftAt) throw new AppError(409, "PLAYER_NOT_JOINED", "The player has left this session", { field: "playerId", reason: "left" });
		assertActive(session, now);
		const openings = await tx.select().from(questionOpenings).where(eq(questionOpenings.sessionId, session.id));
		const opening = openings.find((o) => o.questionId === question.id);
		if (!opening) throw new AppError(409, "QUESTION_NOT_OPEN", "This question has not been opened yet", { field: "questionId" });
		const limitMs = session.settings.questionTimeLimit * 1000;
		const elapsedMs = answeredAt === undefined ? now - opening.openedAt.getTime() : reportedElapsed(answeredAt, opening);
		if (elapsedMs > limitMs) throw new AppError(409, "QUESTION_CLOSED", "Time is up for this question", { field: "questionId", timeLimit: session.settings.questionTimeLimit });

		const correct = optionIndex === question.correct;
		await tx.insert(quizAnswers).values({
			sessionId: session.id,
			playerId: body.playerId,
			questionId: question.id,
			optionIndex,
			correct,
			points: correct ? speedPoints(question.points, elapsedMs, limitMs) : 0,
			streakBonus: 0,
			streak: 0,
			elapsedMs,
			answeredAt: new Date(now),
		});
		const opened = new Set(openings.map((o) => o.questionId));
		const recorded = await rescoreStreaks(tx, session.id, body.playerId, content.quiz.questions.map((q) => q.id).filter((id) => opened.has(id)));
		return { ...resultOf(recorded.find((a) => a.questionId === question.id)!, question, nextQuestion), alreadyAnswered: false };
	});
}

/**
 * Re-derives the player's streaks from their recorded answers in question order (see
 * streaksInOrder), stores the answers whose bonus changed and the player's totals.
 */
async function rescoreStreaks(tx: Tx, sessionId: string, playerId: string, openedInOrder: string[]) {
	const rows = await tx.select().from(quizAnswers).where(and(eq(quizAnswers.sessionId, sessionId), eq(quizAnswers.playerId, playerId)));
	const { answers, streak } = streaksInOrder(openedInOrder, rows);
	const before = new Map(rows.map((r) => [r.questionId, r]));
	for (const answer of answers) {
		const row = before.get(answer.questionId)!;
		if (row.streak === answer.streak && row.streakBonus === answer.streakBonus && row.points === answer.points) continue;
		await tx
			.update(quizAnswers)
			.set({ streak: answer.streak, streakBonus: answer.streakBonus, points: answer.points })
			.where(and(eq(quizAnswers.sessionId, sessionId), eq(quizAnswers.playerId, playerId), eq(quizAnswers.questionId, answer.questionId)));
	}
	await tx
		.update(sessionPlayers)
		.set({ score: answers.reduce((sum, a) => sum + a.points, 0), correctCount: answers.filter((a) => a.correct).length, streak })
		.where(and(eq(sessionPlayers.sessionId, sessionId), eq(sessionPlayers.playerId, playerId)));
	return answers.map((a) => ({ ...before.get(a.questionId)!, ...a }));
}

/** The response for a recorded answer: the values as stored, for a first answer and a replay alike. */
function resultOf(row: typeof quizAnswers.$inferSelect, question: Question, nextQuestion: PublicQuestion | null) {
	return {
		correct: row.correct,
		points: row.points,
		explanation: question.explanation,
		nextQuestion,
		streak: row.streak,
		streakBonus: row.streakBonus,
		responseTime: row.elapsedMs / 1000,
	};
}

/**
 * answeredAt - openedAt, both on the game server's clock. When the open call reported no
 * `openedAt`, the server's open time stands in; the two clocks may differ by CLOCK_SKEW_MS, so
 * that much "before the open" counts as t = 0 there. Never negative (speedPoints clamps to T).
 */
function reportedElapsed(answeredAt: number, opening: typeof questionOpenings.$inferSelect): number {
	const openedAt = (opening.reportedOpenedAt ?? opening.openedAt).getTime();
	const tolerance = opening.reportedOpenedAt ? 0 : CLOCK_SKEW_MS;
	if (answeredAt < openedAt - tolerance) {
		throw badRequest("answeredAt is earlier than the question's openedAt", { field: "answeredAt", issue: "must not be before the question was opened", openedAt: new Date(openedAt).toISOString() });
	}
	return Math.max(answeredAt - openedAt, 0);
}

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
