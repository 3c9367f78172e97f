import { ccss, type MathTopic } from "../item.js";
import { assert, byDifficulty, distinct, near, whichIsExtreme } from "./util.js";

const CLUSTER = "The Number System";
/** `-3` as an operand after an operator is written `(-3)`. */
const operand = (n: number): string => (n < 0 ? `(${n})` : String(n));

/**
 * Integers on the number line: greatest/smallest (magnitudes drawn so length says nothing) and
 * the distance between two points. Misconceptions: "-8 is bigger than -3", subtracting signs.
 */
export const integerNumberLineTopic: MathTopic = {
	id: "integers-number-line",
	title: "Integers and the number line",
	cluster: CLUSTER,
	standards: ["6.NS.C.5", "6.NS.C.6", "6.NS.C.7", "6.NS.C.8"],
	grades: { min: 6, max: 7 },
	keywords: ["integers", "integer", "negative numbers", "negative number", "number line", "absolute value", "opposites", "positive and negative", "compare integers", "ordering integers"],
	range: (_grade, difficulty) => ({ min: -byDifficulty(difficulty, [20, 50, 100]), max: byDifficulty(difficulty, [20, 50, 100]) }),
	generate(rng, { range }) {
		if (rng.chance(0.5)) {
			const a = rng.int(range.min + 1, -1);
			const b = rng.int(1, range.max + a); // the distance b - a stays inside the range
			const [x, y] = rng.chance(0.5) ? [a, b] : [b, a];
			const answer = Math.abs(x - y);
			return {
				text: `What is the distance between ${x} and ${y} on the number line?`,
				answer: String(answer),
				distractors: [String(Math.abs(Math.abs(x) - Math.abs(y)) || answer + 2), String(answer + 1), String(answer - 1), String(Math.max(Math.abs(x), Math.abs(y)))],
				fallbacks: near(answer, [2, -2, 10, -10]),
				explanation: `From ${Math.min(x, y)} to 0 is ${Math.abs(Math.min(x, y))} and from 0 to ${Math.max(x, y)} is ${Math.max(x, y)}: ${Math.abs(Math.min(x, y))} + ${Math.max(x, y)} = ${answer}.`,
				hints: ["Count the steps from the first number to 0, then from 0 to the second.", "A distance is never negative."],
				standards: [ccss("6.NS.C.8")],
			};
		}
		// magnitudes with the same number of digits, half of them negative: the sign decides, not the length
		const digits = rng.int(1, String(range.max).length - 1);
		const low = digits === 1 ? 1 : 10 ** (digits - 1);
		const high = Math.min(range.max, 10 ** digits - 1);
		const values = distinct(rng, 4, () => rng.int(low, high) * (rng.chance(0.5) ? -1 : 1));
		assert(values.some((v) => v < 0) && values.some((v) => v > 0), "both signs");
		const { word, ordered, answer, question } = whichIsExtreme(rng, values, (p, q) => p - q);
		return {
			...question,
			explanation: `On the number line, numbers grow to the right: ${ordered.join(" < ")}. A negative number with a bigger size is further left, so it is smaller. The ${word} is ${answer}.`,
			hints: ["Place each number on a number line.", "Any negative number is less than any positive number."],
			standards: [ccss("6.NS.C.7")],
		};
	},
};

/** Adding, subtracting, multiplying and dividing integers. Misconceptions: a dropped sign, subtracting a negative as subtracting. */
export const integerOperationsTopic: MathTopic = {
	id: "integer-operations",
	title: "Operations with integers",
	cluster: CLUSTER,
	standards: ["7.NS.A.1", "7.NS.A.2"],
	grades: { min: 7, max: 8 },
	keywords: ["integer operations", "adding integers", "subtracting integers", "multiplying integers", "dividing integers", "integers", "integer", "negative numbers", "positive and negative", "rational numbers"],
	range: (_grade, difficulty) => ({ min: -byDifficulty(difficulty, [50, 150, 400]), max: byDifficulty(difficulty, [50, 150, 400]) }),
	generate(rng, { difficulty }) {
		const top = byDifficulty(difficulty, [12, 25, 40]);
		const a = rng.int(-top, top);
		const b = rng.int(-top, top);
		assert(a !== 0 && b !== 0 && (a < 0 || b < 0), "at least one negative");
		const op = rng.pick(["+", "-", "×", "÷"] as const);
		if (op === "÷") {
			const q = rng.int(-12, 12);
			const divisor = rng.int(2, 12) * (rng.chance(0.5) ? -1 : 1);
			assert(q !== 0, "zero quotient");
			const dividend = q * divisor;
			return {
				text: `What is ${dividend} ÷ ${operand(divisor)}?`,
				answer: String(q),
				distractors: [String(-q), String(q + 1), String(q - 1)],
				fallbacks: near(q, [2, -2, 3]),
				explanation: `${Math.abs(dividend)} ÷ ${Math.abs(divisor)} = ${Math.abs(q)}. ${Math.sign(dividend) === Math.sign(divisor) ? "Same signs give a positive" : "Different signs give a negative"} answer: ${q}.`,
				hints: ["Divide the sizes first.", "Same signs: positive. Different signs: negative."],
				standards: [ccss("7.NS.A.2")],
			};
		}
		const answer = op === "+" ? a + b : op === "-" ? a - b : a * b;
		const wrongSign = op === "×" ? -answer : op === "+" ? Math.abs(a) + Math.abs(b) * Math.sign(a || 1) : a + b; // "minus a negative" treated as minus
		return {
			text: `What is ${a} ${op} ${operand(b)}?`,
			answer: String(answer),
			distractors: [String(wrongSign), String(-answer), String(op === "×" ? a + b : answer + 2 * Math.abs(b) === answer ? answer + 1 : answer - 2 * b), String(answer + 1)],
			fallbacks: near(answer, [-1, 2, -2, 10]),
			explanation:
				op === "×"
					? `${Math.abs(a)} × ${Math.abs(b)} = ${Math.abs(answer)}. ${Math.sign(a) === Math.sign(b) ? "Same signs give a positive" : "Different signs give a negative"} answer: ${answer}.`
					: op === "-"
						? `Subtracting ${operand(b)} is the same as adding ${-b}: ${a} + ${operand(-b)} = ${answer}.`
						: `Start at ${a} on the number line and move ${Math.abs(b)} to the ${b > 0 ? "right" : "left"}: ${answer}.`,
			hints: op === "-" ? ["Subtracting a number is adding its opposite.", "Use a number line."] : ["Think of a number line.", "Check the sign of your answer."],
			standards: [ccss(op === "×" ? "7.NS.A.2" : "7.NS.A.1")],
		};
	},
};
