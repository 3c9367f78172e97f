import type { Difficulty, Standard } from "../types.js";
import type { Rng } from "../random.js";

/** One procedurally generated maths problem before its options are shuffled. */
export interface MathItem {
	text: string;
	answer: string;
	/** Wrong answers, most instructive first: each comes from a named misconception. */
	distractors: string[];
	/** Extra plausible wrong answers used only when misconceptions collide with each other or the answer. */
	fallbacks: string[];
	explanation: string;
	hints: string[];
	standards: Standard[];
}

export type MathGenerator = (rng: Rng, grade: number, difficulty: Difficulty) => MathItem;

export const ccss = (code: string): Standard => ({ system: "CCSS", code });
