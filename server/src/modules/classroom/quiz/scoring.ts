/**
 * Quiz scoring, Kahoot's rule: a correct answer earns round((1 - (t/T)/2) * points), t the time
 * since the question opened (server clock) and T the question's time limit, so an instant answer
 * earns full points and one at the buzzer half. A streak bonus adds +100 for each correct answer
 * in a row before this one (2nd in a row +100, 3rd +200, ...), capped at +500. Wrong answers earn
 * 0 and reset the streak.
 */
export const STREAK_STEP = 100;
export const STREAK_CAP = 500;

export function speedPoints(points: number, elapsedMs: number, limitMs: number): number {
	const t = Math.min(Math.max(elapsedMs, 0), limitMs);
	return Math.round((1 - t / limitMs / 2) * points);
}

/** `streak` counts this answer: 1 for the first correct answer in a row. */
export const streakBonus = (streak: number): number => Math.min(Math.max(streak - 1, 0) * STREAK_STEP, STREAK_CAP);

/** One answer given the run of correct answers before it (the rule the place applies too). */
export function scoreAnswer(input: { correct: boolean; points: number; elapsedMs: number; limitMs: number; previousStreak: number }) {
	if (!input.correct) return { points: 0, streak: 0, streakBonus: 0 };
	const streak = input.previousStreak + 1;
	const bonus = streakBonus(streak);
	return { points: speedPoints(input.points, input.elapsedMs, input.limitMs) + bonus, streak, streakBonus: bonus };
}

export interface RecordedAnswer {
	questionId: string;
	correct: boolean;
	/** Speed points + streak bonus. */
	points: number;
	streakBonus: number;
	streak: number;
}

/**
 * Streaks in question order, never in order of arrival: walks the session's opened questions in
 * the lesson's order; a correct answer extends the run, a wrong one or an opened question the
 * player did not answer (skipped, or not reported yet) ends it. Returns every recorded answer
 * with its streak, bonus and points (speed points kept, bonus replaced), and the run after the
 * last opened question. Game servers batch answers, so a late answer to an earlier question can
 * change the bonus of later ones; recomputing from the recorded results makes the outcome the
 * same for every arrival order.
 */
export function streaksInOrder(openedInOrder: readonly string[], answers: readonly RecordedAnswer[]): { answers: RecordedAnswer[]; streak: number } {
	const byQuestion = new Map(answers.map((a) => [a.questionId, a]));
	const result: RecordedAnswer[] = [];
	let run = 0;
	for (const questionId of openedInOrder) {
		const answer = byQuestion.get(questionId);
		if (!answer) {
			run = 0;
			continue;
		}
		run = answer.correct ? run + 1 : 0;
		const bonus = streakBonus(run);
		result.push({ ...answer, streak: run, streakBonus: bonus, points: answer.correct ? answer.points - answer.streakBonus + bonus : 0 });
	}
	return { answers: result, streak: run };
}

/**
 * streaksInOrder over a player's stored answers, plus the answers whose stored streak, bonus or
 * points it changes (to write back) and the player's totals (score, correct answers, streak).
 */
export function rescore(openedInOrder: readonly string[], stored: readonly RecordedAnswer[]) {
	const { answers, streak } = streaksInOrder(openedInOrder, stored);
	const before = new Map(stored.map((a) => [a.questionId, a]));
	const changed = answers.filter((a) => {
		const row = before.get(a.questionId)!;
		return row.streak !== a.streak || row.streakBonus !== a.streakBonus || row.points !== a.points;
	});
	const totals = { score: answers.reduce((sum, a) => sum + a.points, 0), correctCount: answers.filter((a) => a.correct).length, streak };
	return { answers, changed, totals };
}
