/**
 * Classical item analysis of one session's quiz.
 * - difficulty: share of responses that were correct (null when nobody answered).
 * - discrimination: share correct in the upper group minus share correct in the lower group,
 *   groups being the top and bottom 27% of players (at least one each) ranked by number of
 *   correct answers, ties broken by total score, then player id. A player of a group who did
 *   not answer counts as incorrect. Null with fewer than 2 players.
 * - optionShares: for each option, the share of responses choosing it.
 */
export interface ItemAnswer {
	playerId: string;
	questionId: string;
	optionIndex: number;
	correct: boolean;
}

export interface PlayerTotal {
	playerId: string;
	correct: number;
	score: number;
}

export interface ItemStats {
	questionId: string;
	responses: number;
	difficulty: number | null;
	discrimination: number | null;
	optionShares: number[];
}

export const GROUP_SHARE = 0.27;

export function itemAnalysis(questions: { id: string; options: string[] }[], answers: ItemAnswer[], players: PlayerTotal[]): ItemStats[] {
	const ranked = [...players].sort((a, b) => b.correct - a.correct || b.score - a.score || a.playerId.localeCompare(b.playerId));
	const size = Math.max(1, Math.round(GROUP_SHARE * ranked.length));
	const upper = ranked.slice(0, size).map((p) => p.playerId);
	const lower = ranked.slice(-size).map((p) => p.playerId);
	return questions.map((q) => {
		const mine = answers.filter((a) => a.questionId === q.id);
		const correctBy = new Set(mine.filter((a) => a.correct).map((a) => a.playerId));
		const share = (group: string[]) => group.filter((p) => correctBy.has(p)).length / group.length;
		return {
			questionId: q.id,
			responses: mine.length,
			difficulty: mine.length ? round4(correctBy.size / mine.length) : null,
			discrimination: ranked.length >= 2 ? round4(share(upper) - share(lower)) : null,
			optionShares: q.options.map((_, i) => (mine.length ? round4(mine.filter((a) => a.optionIndex === i).length / mine.length) : 0)),
		};
	});
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;
