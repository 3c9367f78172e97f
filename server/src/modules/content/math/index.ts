import type { Rng } from "../random.js";
import type { Difficulty, Question } from "../types.js";
import type { MathTopic } from "./item.js";
import { chooseOptions, inRange } from "./options.js";

export { MATH_TOPICS, topicById } from "./registry.js";
export type { MathTopic, NumberRange } from "./item.js";

export const defaultDifficulty = (grade: number): Difficulty => (grade <= 3 ? "easy" : grade >= 9 ? "hard" : "medium");

const MAX_DRAWS = 40;

/**
 * One question of a topic for a grade and difficulty: four options whose values all differ,
 * exactly one right, every number inside the topic's range for that grade. A degenerate draw
 * (colliding misconceptions, an answer of the wrong shape) is drawn again.
 */
export function mathQuestion(topic: MathTopic, rng: Rng, grade: number, difficulty: Difficulty, limit?: number): Omit<Question, "id" | "points"> {
	const full = topic.range(grade, difficulty);
	// an objective's own limit ("add within 10") narrows the grade's range, never widens it
	const range = limit !== undefined && limit < full.max ? { min: full.min, max: limit } : full;
	let lastError: unknown;
	for (let draw = 0; draw < MAX_DRAWS; draw++) {
		try {
			const item = topic.generate(rng, { grade, difficulty, range });
			if (!inRange(item.text, range) || !inRange(item.answer, range)) throw new Error(`${item.text} leaves the range ${range.min}..${range.max}`);
			const shuffled = rng.shuffle(chooseOptions(item, range));
			return {
				text: item.text,
				options: shuffled,
				correct: shuffled.indexOf(item.answer),
				explanation: item.explanation,
				hints: item.hints,
				difficulty,
				standards: item.standards,
			};
		} catch (error) {
			lastError = error;
		}
	}
	throw new Error(`${topic.id}: no valid question for grade ${grade} (${difficulty}) after ${MAX_DRAWS} draws: ${(lastError as Error)?.message}`);
}
