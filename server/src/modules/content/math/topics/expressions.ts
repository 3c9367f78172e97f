import { ccss, type MathTopic } from "../item.js";
import { assert, byDifficulty, near, signed } from "./util.js";

const CLUSTER = "Operations and Algebraic Thinking / Expressions and Equations";

/**
 * Order of operations. Misconceptions: working strictly left to right, ignoring the brackets,
 * adding before multiplying.
 */
export const orderOfOperationsTopic: MathTopic = {
	id: "order-of-operations",
	title: "Order of operations",
	cluster: CLUSTER,
	standards: ["5.OA.A.1", "6.EE.A.2c"],
	grades: { min: 5, max: 7 },
	keywords: ["order of operations", "pemdas", "bodmas", "gemdas", "brackets", "parentheses", "numerical expressions", "evaluate expressions", "expressions"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [100, 300, 1000]) }),
	generate(rng, { difficulty }) {
		const top = byDifficulty(difficulty, [9, 12, 20]);
		const [a, b, c] = [rng.int(2, top), rng.int(2, top), rng.int(2, 9)];
		const form = rng.pick(["a + b × c", "(a + b) × c", "a × b - c", "a - b ÷ c"] as const);
		let text: string;
		let answer: number;
		let leftToRight: number;
		let other: number;
		let steps: string;
		if (form === "a + b × c") {
			[text, answer, leftToRight, other] = [`${a} + ${b} × ${c}`, a + b * c, (a + b) * c, a * b + c];
			steps = `Multiply first: ${b} × ${c} = ${b * c}, then add: ${a} + ${b * c} = ${answer}.`;
		} else if (form === "(a + b) × c") {
			[text, answer, leftToRight, other] = [`(${a} + ${b}) × ${c}`, (a + b) * c, a + b * c, a * c + b];
			steps = `Brackets first: ${a} + ${b} = ${a + b}, then multiply: ${a + b} × ${c} = ${answer}.`;
		} else if (form === "a × b - c") {
			assert(a * b > c, "positive answer");
			[text, answer, leftToRight, other] = [`${a} × ${b} - ${c}`, a * b - c, a * (b - c), a * b + c];
			steps = `Multiply first: ${a} × ${b} = ${a * b}, then subtract: ${a * b} - ${c} = ${answer}.`;
		} else {
			const q = b * c; // a - (b c) ÷ c
			assert(a * c > q + c, "positive answer");
			const big = a * c;
			[text, answer, leftToRight, other] = [`${big} - ${q} ÷ ${c}`, big - b, (big - q) / c, big - q];
			steps = `Divide first: ${q} ÷ ${c} = ${b}, then subtract: ${big} - ${b} = ${answer}.`;
		}
		return {
			text: `What is ${text}?`,
			answer: String(answer),
			distractors: [leftToRight, other, answer + 1].filter((v) => Number.isInteger(v) && v >= 0).map(String),
			fallbacks: near(answer, [-1, 2, 10, -10]),
			explanation: steps,
			hints: ["Brackets first, then multiplication and division, then addition and subtraction.", "Do not just work from left to right."],
			standards: [ccss(difficulty === "easy" ? "5.OA.A.1" : "6.EE.A.2c")],
		};
	},
};

/** The value of an expression for a given x. Misconceptions: 3x read as 3 + x or as "3 and x" digits, the order of operations. */
export const evaluateExpressionTopic: MathTopic = {
	id: "evaluate-expressions",
	title: "Writing and evaluating expressions with variables",
	cluster: "Expressions and Equations",
	standards: ["6.EE.A.2c", "7.EE.A.1"],
	grades: { min: 6, max: 8 },
	keywords: ["evaluate expressions", "evaluating expressions", "algebraic expressions", "expressions", "expression", "variables", "substitute", "substitution", "like terms"],
	range: (grade, difficulty) => ({ min: grade >= 7 ? -500 : 0, max: byDifficulty(difficulty, [150, 300, 500]) }),
	generate(rng, { grade, difficulty }) {
		const negatives = grade >= 7 && difficulty !== "easy";
		const a = rng.int(2, byDifficulty(difficulty, [6, 9, 12]));
		const b = negatives ? rng.int(-20, 20) : rng.int(1, 20);
		assert(b !== 0, "a constant term");
		const x = negatives ? rng.int(-9, 9) : rng.int(2, 9);
		assert(x !== 0 && x !== 1, "x = 0 or 1 hides the mistakes");
		const squared = difficulty === "hard" && rng.chance(0.4);
		const expr = squared ? `x^2 ${signed(b)}` : `${a}x ${signed(b)}`;
		const answer = squared ? x * x + b : a * x + b;
		const asDigits = Number(`${a}${Math.abs(x)}`) * Math.sign(x) + b; // 3x with x = 4 read as 34
		return {
			text: `What is the value of ${expr} when x = ${x}?`,
			answer: String(answer),
			distractors: squared ? [String(2 * x + b), String(x + 2 + b), String(-(x * x) + b)] : [String(a + x + b), String(asDigits), String(a * (x + b))],
			fallbacks: near(answer, [1, -1, a, -a, 2]),
			explanation: squared ? `Put ${x} in for x: ${x < 0 ? `(${x})` : x}^2 ${signed(b)} = ${x * x} ${signed(b)} = ${answer}.` : `Put ${x} in for x: ${a} × ${x < 0 ? `(${x})` : x} ${signed(b)} = ${a * x} ${signed(b)} = ${answer}.`,
			hints: [squared ? "x^2 means x × x, not 2 × x." : `${a}x means ${a} × x.`, "Multiply before you add."],
			standards: [ccss("6.EE.A.2c")],
		};
	},
};
