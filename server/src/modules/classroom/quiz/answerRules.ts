import { AppError, badRequest } from "../../../http/errors.js";
import type { PublicQuestion, Question } from "../../content/index.js";
import { CLOCK_SKEW_MS } from "../reportedTime.js";

/**
 * The checks and the response shared by both ways of scoring an answer (service.ts: the locked
 * transaction; optimisticAnswer.ts: one read and one write), so they cannot drift apart.
 */

/** An answer as stored (the columns the response and the streak walk need). */
export interface StoredAnswer {
	questionId: string;
	optionIndex: number;
	correct: boolean;
	points: number;
	streakBonus: number;
	streak: number;
	elapsedMs: number;
}

/** The response for a recorded answer: the values as stored, for a first answer and a replay alike. */
export function resultOf(row: StoredAnswer, question: Question, nextQuestion: PublicQuestion | null) {
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
 * `openedAt` (reportedOpenedAt null), the server's open time stands in; the two clocks may differ
 * by CLOCK_SKEW_MS, so that much "before the open" counts as t = 0 there. Never negative
 * (speedPoints clamps to T).
 */
export function reportedElapsed(answeredAt: number, opening: { openedAt: number; reportedOpenedAt: number | null }): number {
	const openedAt = opening.reportedOpenedAt ?? opening.openedAt;
	const tolerance = opening.reportedOpenedAt !== null ? 0 : CLOCK_SKEW_MS;
	if (answeredAt < openedAt - tolerance) {
		throw badRequest("answeredAt is earlier than the question's openedAt", { field: "answeredAt", issue: "must not be before the question was opened", openedAt: new Date(openedAt).toISOString() });
	}
	return Math.max(answeredAt - openedAt, 0);
}

export function questionNotFound(): AppError {
	return new AppError(404, "NOT_FOUND", "Question not found in this session's content", { field: "questionId" });
}

export function optionOf(question: Question, answer: string | number): number {
	const index = typeof answer === "number" ? answer : question.options.findIndex((o) => o.trim() === answer.trim());
	if (index < 0 || index >= question.options.length) throw badRequest("answer is not one of the question's options", { field: "answer", issue: "must be one of the options (text or index)" });
	return index;
}

export const playerNotJoined = () => new AppError(409, "PLAYER_NOT_JOINED", "The player has not joined this session", { field: "playerId" });
export const playerLeft = () => new AppError(409, "PLAYER_NOT_JOINED", "The player has left this session", { field: "playerId", reason: "left" });
export const alreadyAnswered = () => new AppError(409, "ALREADY_ANSWERED", "This player already answered this question", { field: "answer" });
export const questionNotOpen = () => new AppError(409, "QUESTION_NOT_OPEN", "This question has not been opened yet", { field: "questionId" });
export const questionClosed = (timeLimit: number) => new AppError(409, "QUESTION_CLOSED", "Time is up for this question", { field: "questionId", timeLimit });
