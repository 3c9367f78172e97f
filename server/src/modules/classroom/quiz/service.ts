import type { Static } from "@sinclair/typebox";
import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.js";
import type { Caller } from "../caller.js";
import { reportedTime } from "../reportedTime.js";
import { assertActive, loadPlayer, loadSession, sessionContent, sessionQuestion } from "../sessions/service.js";
import { questionOpenings, quizAnswers, sessionPlayers } from "../tables.js";
import { alreadyAnswered, optionOf, playerLeft, playerNotJoined, questionClosed, questionNotFound, questionNotOpen, reportedElapsed, resultOf } from "./answerRules.js";
import { scoreOptimistically } from "./optimisticAnswer.js";
import type { AnswerItem, AnswerResponse } from "./schema.js";
import { rescore, speedPoints } from "./scoring.js";
import type { SessionContents } from "./sessionContents.js";

export type Answer = Static<typeof AnswerItem>;
export type Scored = Static<typeof AnswerResponse>;

/** What scoring needs besides the answer: the database and this app's lesson cache. */
export interface AnswerContext {
	db: Db;
	contents: SessionContents;
	/**
	 * Embedded PGlite: one connection whose transactions are queued (db/writeQueue.ts); the
	 * optimistic read and write then run as one queued transaction, as every write does there.
	 */
	queuedTransactions: boolean;
}

/**
 * Scores one answer. Once per player per question: the same answer again returns the recorded
 * result (`alreadyAnswered: true`), a different one is 409 ALREADY_ANSWERED. t is the arrival
 * time minus the open time on this server's clock, or, for a place key that reports
 * `answeredAt`, answeredAt minus the reported `openedAt` (see ../reportedTime.ts).
 *
 * The plain case (a first answer or a replay of an open question by a joined player) is scored
 * with one read and one conditional write (optimisticAnswer.ts); everything else, and an answer
 * that keeps losing races for its player, goes through the locked transaction below, which also
 * gives every refusal its exact error.
 */
export async function recordAnswer(ctx: AnswerContext, caller: Caller, body: Answer, now: number): Promise<Scored> {
	const answeredAt = reportedTime(caller, body.answeredAt, "answeredAt", now);
	return (await scoreOptimistically(ctx, caller, body, now, answeredAt)) ?? lockedAnswer(ctx.db, caller, body, now, answeredAt);
}

/**
 * The reference implementation: ~10 statements in one transaction holding the player's row.
 * Exported for the test that holds the optimistic path's results and rows equal to it.
 */
export async function lockedAnswer(db: Db, caller: Caller, body: Answer, now: number, answeredAt: number | undefined): Promise<Scored> {
	return db.transaction(async (tx) => {
		const session = await loadSession(tx, caller, body.sessionId, { field: "sessionId" });
		const content = await sessionContent(tx, session);
		const index = content.quiz.questions.findIndex((q) => q.id === body.questionId);
		if (index < 0) throw questionNotFound();
		const question = content.quiz.questions[index];
		const next = content.quiz.questions[index + 1];
		const nextQuestion = next ? sessionQuestion(next, session.settings) : null;
		const optionIndex = optionOf(question, body.answer);
		// Lock the player's row: their answers are scored one at a time, so streaks are exact.
		const player = await loadPlayer(tx, session.id, body.playerId, { lock: true });
		if (!player) throw playerNotJoined();

		const [previous] = await tx
			.select()
			.from(quizAnswers)
			.where(and(eq(quizAnswers.sessionId, session.id), eq(quizAnswers.playerId, body.playerId), eq(quizAnswers.questionId, question.id)));
		if (previous) {
			if (previous.optionIndex !== optionIndex) throw alreadyAnswered();
			return { ...resultOf(previous, question, nextQuestion), alreadyAnswered: true };
		}

		if (player.leftAt) throw playerLeft();
		assertActive(session, now);
		const openings = await tx.select().from(questionOpenings).where(eq(questionOpenings.sessionId, session.id));
		const opening = openings.find((o) => o.questionId === question.id);
		if (!opening) throw questionNotOpen();
		const limitMs = session.settings.questionTimeLimit * 1000;
		const elapsedMs =
			answeredAt === undefined ? now - opening.openedAt.getTime() : reportedElapsed(answeredAt, { openedAt: opening.openedAt.getTime(), reportedOpenedAt: opening.reportedOpenedAt?.getTime() ?? null });
		if (elapsedMs > limitMs) throw questionClosed(session.settings.questionTimeLimit);

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
 * rescore), stores the answers whose bonus changed and the player's totals.
 */
async function rescoreStreaks(tx: Tx, sessionId: string, playerId: string, openedInOrder: string[]) {
	const rows = await tx.select().from(quizAnswers).where(and(eq(quizAnswers.sessionId, sessionId), eq(quizAnswers.playerId, playerId)));
	const { answers, changed, totals } = rescore(openedInOrder, rows);
	for (const answer of changed) {
		await tx
			.update(quizAnswers)
			.set({ streak: answer.streak, streakBonus: answer.streakBonus, points: answer.points })
			.where(and(eq(quizAnswers.sessionId, sessionId), eq(quizAnswers.playerId, playerId), eq(quizAnswers.questionId, answer.questionId)));
	}
	await tx
		.update(sessionPlayers)
		.set(totals)
		.where(and(eq(sessionPlayers.sessionId, sessionId), eq(sessionPlayers.playerId, playerId)));
	const before = new Map(rows.map((r) => [r.questionId, r]));
	return answers.map((a) => ({ ...before.get(a.questionId)!, ...a }));
}
