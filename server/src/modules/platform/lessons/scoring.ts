import type { StoredQuestion } from "./tables.js";

export interface Score {
	score: number;
	maxScore: number;
	percentage: number;
	correctCount: number;
}

/** Server-side scoring: a question earns its points when the chosen index is the key. */
export function scoreAnswers(questions: StoredQuestion[], answers: (number | null)[]): Score {
	let score = 0;
	let maxScore = 0;
	let correctCount = 0;
	questions.forEach((q, i) => {
		maxScore += q.points;
		if (answers[i] === q.correct) {
			score += q.points;
			correctCount += 1;
		}
	});
	const percentage = maxScore === 0 ? 0 : Math.round((score / maxScore) * 10000) / 100;
	return { score, maxScore, percentage, correctCount };
}

export const maxScoreOf = (questions: StoredQuestion[]) => questions.reduce((sum, q) => sum + q.points, 0);
