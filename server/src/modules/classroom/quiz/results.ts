import { count, eq, sum } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import type { Caller } from "../caller.js";
import { loadSession, sessionContent } from "../sessions/service.js";
import { quizAnswers, sessionPlayers } from "../tables.js";

export interface PlayerResult {
	playerId: string;
	playerName: string;
	correctAnswers: number;
	answered: number;
	totalScore: number;
	timeSpent: number;
}

export interface SessionResults {
	sessionId: string;
	totalQuestions: number;
	playerResults: PlayerResult[];
	averageScore: number;
	completedAt: string | null;
}

/** A session's leaderboard (highest score first, ties by player id): the JSON results and the CSV export share it. */
export async function sessionResults(db: Db, caller: Caller, sessionId: string): Promise<SessionResults> {
	const session = await loadSession(db, caller, sessionId);
	const content = await sessionContent(db, session);
	const players = await db.select().from(sessionPlayers).where(eq(sessionPlayers.sessionId, session.id));
	const totals = await db
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
}

const round2 = (n: number) => Math.round(n * 100) / 100;
