/**
 * The classroom scoring rule, shared by the place and mirrored by the backend (which is
 * authoritative when they disagree): a correct answer earns round((1 - (t/T)/2) * points),
 * t seconds after the question opened with T its time limit, plus a streak bonus of +100 for
 * each consecutive correct answer before this one, capped at +500. Wrong or late answers earn
 * nothing and break the streak.
 */
export const STREAK_STEP = 100;
export const STREAK_CAP = 500;

export interface ScoreInput {
	correct: boolean;
	/** Seconds between the question opening and the answer arriving, on the server clock. */
	elapsed: number;
	/** The question's time limit in seconds. */
	timeLimit: number;
	/** The question's points. */
	points: number;
	/** Consecutive correct answers before this one. */
	streakBefore: number;
}

export interface Score {
	base: number;
	streakBonus: number;
	total: number;
	/** Consecutive correct answers including this one. */
	streak: number;
}

export function scoreAnswer(input: ScoreInput): Score {
	const inTime = input.elapsed <= input.timeLimit;
	if (!input.correct || !inTime || input.timeLimit <= 0) {
		return { base: 0, streakBonus: 0, total: 0, streak: 0 };
	}
	const t = math.clamp(input.elapsed, 0, input.timeLimit);
	const base = roundHalfUp((1 - t / input.timeLimit / 2) * input.points);
	const streakBonus = streakBonusFor(input.streakBefore);
	return { base, streakBonus, total: base + streakBonus, streak: input.streakBefore + 1 };
}

/** The bonus for a correct answer that follows `streakBefore` correct answers in a row. */
export function streakBonusFor(streakBefore: number): number {
	return math.min(math.max(0, streakBefore) * STREAK_STEP, STREAK_CAP);
}

function roundHalfUp(x: number): number {
	return math.floor(x + 0.5);
}
