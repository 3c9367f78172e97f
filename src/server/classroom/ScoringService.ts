import { Service } from "@flamework/core";
import { Score, scoreAnswer } from "shared/classroom/scoring";

export interface PlayerTally {
	name: string;
	score: number;
	streak: number;
	answered: number;
	right: number;
	/** Points per question, so the backend's figure can replace ours without double counting. */
	earned: Map<string, number>;
}

/**
 * Scores answers on the server clock with the shared rule, at once (the player never waits for
 * the backend), and keeps each session's tallies. When the backend's authoritative result for
 * an answer differs, `reconcile` replaces our figure for that question.
 */
@Service()
export class ScoringService {
	private readonly sessions = new Map<string, Map<number, PlayerTally>>();
	/** Answers whose points the backend changed (it scores by arrival, so a delayed report earns less). */
	public reconciled = 0;

	public score(
		sessionId: string,
		player: { UserId: number; Name: string },
		questionId: string,
		correct: boolean,
		elapsed: number,
		timeLimit: number,
		points: number,
	): Score {
		const tally = this.tallyOf(sessionId, player);
		const result = scoreAnswer({ correct, elapsed, timeLimit, points, streakBefore: tally.streak });
		tally.streak = result.streak;
		tally.answered += 1;
		if (correct) tally.right += 1;
		tally.score += result.total;
		tally.earned.set(questionId, result.total);
		return result;
	}

	/** A question closed without an answer from this player: the streak breaks. */
	public missed(sessionId: string, userId: number): void {
		const tally = this.sessions.get(sessionId)?.get(userId);
		if (tally) tally.streak = 0;
	}

	/** Applies the backend's points for one answer; returns the difference applied. */
	public reconcile(sessionId: string, userId: number, questionId: string, points: number, streak: number): number {
		const tally = this.sessions.get(sessionId)?.get(userId);
		const ours = tally?.earned.get(questionId);
		if (!tally || ours === undefined || ours === points) return 0;
		this.reconciled += 1;
		tally.earned.set(questionId, points);
		tally.score += points - ours;
		tally.streak = streak;
		return points - ours;
	}

	public tallyOf(sessionId: string, player: { UserId: number; Name: string }): PlayerTally {
		let session = this.sessions.get(sessionId);
		if (!session) {
			session = new Map();
			this.sessions.set(sessionId, session);
		}
		let tally = session.get(player.UserId);
		if (!tally) {
			tally = { name: player.Name, score: 0, streak: 0, answered: 0, right: 0, earned: new Map() };
			session.set(player.UserId, tally);
		}
		return tally;
	}

	/** Tallies of a session, best first. */
	public ranking(sessionId: string): Array<[number, PlayerTally]> {
		const list: Array<[number, PlayerTally]> = [];
		for (const [userId, tally] of this.sessions.get(sessionId) ?? new Map<number, PlayerTally>()) list.push([userId, tally]);
		list.sort((a, b) => a[1].score > b[1].score || (a[1].score === b[1].score && a[0] < b[0]));
		return list;
	}
}
