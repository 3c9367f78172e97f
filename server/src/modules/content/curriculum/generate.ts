import { mathQuestion, topicById, type NumberRange } from "../math/index.js";
import { createRng, randomSeed } from "../random.js";
import type { Difficulty, Question } from "../types.js";

/**
 * One question from one topic (e.g. to replace a question a teacher rejected). Kindergarten is
 * grade 0. Throws a plain Error for an unknown topic id.
 */
export function generateQuestion(topicId: string, input: { grade: number; difficulty: Difficulty; seed?: number }): Omit<Question, "id" | "points"> {
	const topic = topicById(topicId);
	if (!topic) throw new Error(`unknown maths topic ${topicId}`);
	return mathQuestion(topic, createRng(input.seed ?? randomSeed()), input.grade, input.difficulty);
}

/** The smallest and largest number a topic's questions may show for a grade and difficulty. */
export function topicRange(topicId: string, grade: number, difficulty: Difficulty): NumberRange {
	const topic = topicById(topicId);
	if (!topic) throw new Error(`unknown maths topic ${topicId}`);
	return topic.range(grade, difficulty);
}
