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

export function scoreAnswer(input: { correct: boolean; points: number; elapsedMs: number; limitMs: number; previousStreak: number }) {
	if (!input.correct) return { points: 0, streak: 0, streakBonus: 0 };
	const streak = input.previousStreak + 1;
	const bonus = streakBonus(streak);
	return { points: speedPoints(input.points, input.elapsedMs, input.limitMs) + bonus, streak, streakBonus: bonus };
}
