import type { Static } from "@sinclair/typebox";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { AppError, badRequest } from "../../../http/errors.js";
import { publicQuestion, type Question } from "../../content/index.js";
import type { Caller } from "../caller.js";
import { CLOCK_SKEW_MS, reportedTime } from "../reportedTime.js";
import { assertActive, loadPlayer, loadSession, sessionContent } from "../sessions/service.js";
import { questionOpenings, quizAnswers, sessionPlayers } from "../tables.js";
import type { AnswerItem, AnswerResponse } from "./schema.js";
import { scoreAnswer } from "./scoring.js";

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
		const limitMs = session.settings.questionTimeLimit * 1000;
		const elapsedMs = answeredAt === undefined ? now - opening.openedAt.getTime() : reportedElapsed(answeredAt, opening);
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
