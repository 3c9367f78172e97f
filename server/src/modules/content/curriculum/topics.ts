import { MATH_TOPICS } from "../math/registry.js";
import type { MathTopic } from "../math/item.js";

/** A maths topic as other modules see it (no generator). */
export interface Topic {
	id: string;
	title: string;
	cluster: string;
	standards: string[];
	grades: { min: number; max: number };
}

export const toTopic = (t: MathTopic): Topic => ({ id: t.id, title: t.title, cluster: t.cluster, standards: [...t.standards], grades: { ...t.grades } });

export const serves = (t: { grades: { min: number; max: number } }, grade: number): boolean => grade >= t.grades.min && grade <= t.grades.max;

/** Every topic (grade omitted), or the topics that serve the grade (0 = kindergarten). */
export function listTopics(grade?: number): Topic[] {
	return MATH_TOPICS.filter((t) => grade === undefined || serves(t, grade)).map(toTopic);
}
