import type { Rng } from "../random.js";
import type { Difficulty, Question } from "../types.js";
import { decimalQuestion } from "./decimals.js";
import { equationQuestion } from "./equations.js";
import { fractionQuestion } from "./fractions.js";
import type { MathGenerator, MathItem } from "./item.js";
import { percentQuestion } from "./percentages.js";
import { key, parseNumber } from "./rational.js";

export const MATH_TOPICS = {
	fractions: fractionQuestion,
	decimals: decimalQuestion,
	equations: equationQuestion,
	percentages: percentQuestion,
} satisfies Record<string, MathGenerator>;
export type MathTopic = keyof typeof MATH_TOPICS;

const TOPIC_WORDS: [MathTopic, RegExp][] = [
	["fractions", /fraction|denominator|numerator/i],
	["decimals", /decimal|place value|tenths|hundredths/i],
	["equations", /equation|algebra|solve|variable|unknown/i],
	["percentages", /percent|%|ratio/i],
];

/** Topics named by the objectives; otherwise the ones that suit the grade. */
export function mathTopicsFor(objectives: string[], grade: number): MathTopic[] {
	const named = TOPIC_WORDS.filter(([, re]) => objectives.some((o) => re.test(o))).map(([t]) => t);
	if (named.length > 0) return named;
	if (grade <= 4) return ["decimals", "fractions"];
	if (grade === 5) return ["fractions", "decimals"];
	if (grade === 6) return ["percentages", "equations", "fractions"];
	return ["equations", "percentages", "fractions", "decimals"];
}

export const defaultDifficulty = (grade: number): Difficulty => (grade <= 3 ? "easy" : grade >= 9 ? "hard" : "medium");

/** One maths question with 4 options whose values are all different and exactly one right. */
export function mathQuestion(topic: MathTopic, rng: Rng, grade: number, difficulty: Difficulty, id: string, points: number): Question {
	const item = MATH_TOPICS[topic](rng, grade, difficulty);
	const options = chooseOptions(item);
	const shuffled = rng.shuffle(options);
	return {
		id,
		text: item.text,
		options: shuffled,
		correct: shuffled.indexOf(item.answer),
		points,
		explanation: item.explanation,
		hints: item.hints,
		difficulty,
		standards: item.standards,
	};
}

function chooseOptions(item: MathItem): string[] {
	const answerValue = parseNumber(item.answer);
	if (!answerValue) throw new Error(`unparseable answer ${item.answer}`);
	const seen = new Set([key(answerValue)]);
	const options = [item.answer];
	for (const candidate of [...item.distractors, ...item.fallbacks]) {
		if (options.length === 4) break;
		const value = parseNumber(candidate);
		if (!value || seen.has(key(value))) continue;
		seen.add(key(value));
		options.push(candidate);
	}
	if (options.length < 4) throw new Error(`not enough distinct options for ${item.text}`);
	return options;
}
