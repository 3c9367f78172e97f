import { AppError } from "../../../http/errors.js";
import type { Rng } from "../random.js";
import type { Difficulty, LessonRequest, Question } from "../types.js";
import { bankSelection, type BankQuestion, type BankSubject } from "./questionBank.js";

/**
 * Bank questions for a lesson: on the objectives' topics first, in-band before nearby, the
 * asked difficulty first, in a seeded order, options shuffled with the key. The bank is small, so it never pretends: asking
 * for more questions than it has for the grade (`maxQuestions` given explicitly) is 400
 * VALIDATION_ERROR naming maxQuestions with `available`, instead of a shorter quiz; the default
 * count shrinks to what there is.
 */
export function bankDrafts(subject: BankSubject, request: LessonRequest, rng: Rng, wanted: number, existing: { text: string }[]): Omit<Question, "id" | "points">[] {
	if (wanted <= 0) return [];
	const seen = new Set(existing.map((q) => q.text));
	const selection = bankSelection(subject, request.gradeLevel, request.learningObjectives);
	const pool = selection.questions.filter((q) => !seen.has(q.text));
	if (pool.length === 0 || (request.maxQuestions !== undefined && pool.length < wanted)) {
		throw new AppError(400, "VALIDATION_ERROR", `The built-in ${subject} bank has ${pool.length} question(s) for grade ${request.gradeLevel}; ${wanted} were asked for`, {
			field: "maxQuestions",
			issue: `at most ${pool.length} for this subject and grade without a language model`,
			available: pool.length,
		});
	}
	return ordered(pool, selection.matchedTopics, request.gradeLevel, request.difficulty, rng)
		.slice(0, wanted)
		.map((q) => {
			const order = rng.shuffle(q.options.map((_, i) => i));
			return {
				text: q.text,
				options: order.map((i) => q.options[i]),
				correct: order.indexOf(q.correct),
				explanation: q.explanation,
				hints: q.hints,
				difficulty: q.difficulty,
				standards: q.standards,
			};
		});
}

/** On-topic before off-topic, in-band before nearby, then the asked difficulty before others; seeded order within each. */
function ordered(pool: BankQuestion[], topics: string[], grade: number, difficulty: Difficulty | undefined, rng: Rng): BankQuestion[] {
	const rank = (q: BankQuestion) =>
		((q.topics ?? []).some((t) => topics.includes(t)) ? 0 : 4) + (grade >= q.grades[0] && grade <= q.grades[1] ? 0 : 2) + (!difficulty || q.difficulty === difficulty ? 0 : 1);
	return [0, 1, 2, 3, 4, 5, 6, 7].flatMap((r) => rng.shuffle(pool.filter((q) => rank(q) === r)));
}
