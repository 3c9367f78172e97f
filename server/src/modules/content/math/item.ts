import type { Difficulty, Standard } from "../types.js";
import type { Rng } from "../random.js";

/** One procedurally generated maths problem before its options are chosen and shuffled. */
export interface MathItem {
	text: string;
	answer: string;
	/** Wrong answers, most instructive first: each comes from a named misconception. */
	distractors: string[];
	/** Extra plausible wrong answers used only when misconceptions collide with each other, the answer or the range. */
	fallbacks: string[];
	explanation: string;
	hints: string[];
	standards: Standard[];
}

/** The largest and smallest number a question for one grade and difficulty may show (operands, answer and options). */
export interface NumberRange {
	min: number;
	max: number;
}

export interface TopicContext {
	grade: number;
	difficulty: Difficulty;
	range: NumberRange;
}

/**
 * One generator: a Common Core cluster (or part of one) with the grades it serves, the numbers
 * it may use per grade and difficulty, and the words an objective may use to ask for it.
 */
export interface MathTopic {
	id: string;
	title: string;
	/** The Common Core cluster family, e.g. "Operations and Algebraic Thinking". */
	cluster: string;
	standards: string[];
	grades: { min: number; max: number };
	/** Lower-case phrases an objective may contain; longer phrases count more. */
	keywords: string[];
	range(grade: number, difficulty: Difficulty): NumberRange;
	generate(rng: Rng, context: TopicContext): MathItem;
}

export const ccss = (code: string): Standard => ({ system: "CCSS", code });

/** Thrown by a generator when a draw is degenerate; the caller draws again. */
export class Redraw extends Error {}
