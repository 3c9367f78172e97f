import { ccss, type MathTopic } from "../item.js";
import { formatFraction, rat } from "../rational.js";
import { assert, byDifficulty, signed } from "./util.js";

const CLUSTER = "Expressions and Equations";
const solution = (n: number, d = 1): string => `x = ${formatFraction(rat(n, d))}`;
const near = (x: number) => [1, -1, 2, -2, 3, -3, 4].map((k) => solution(x + k));
/** `3x`, `x`, `-x`, `-3x`. */
const term = (a: number): string => (a === 1 ? "x" : a === -1 ? "-x" : `${a}x`);

/** x + p = q, x - p = q, px = q. Misconceptions: the sign error moving p, answering with q, multiplying instead of dividing. */
export const oneStepEquationTopic: MathTopic = {
	id: "one-step-equations",
	title: "One-step equations",
	cluster: CLUSTER,
	standards: ["6.EE.B.5", "6.EE.B.7"],
	grades: { min: 6, max: 7 },
	keywords: ["one-step equation", "one step equation", "one-step equations", "equation", "equations", "solve for x", "unknown", "variable", "missing number"],
	range: (grade, difficulty) => (grade === 6 ? { min: 0, max: byDifficulty(difficulty, [50, 150, 250]) } : { min: -250, max: 250 }),
	generate(rng, { grade, difficulty }) {
		const negatives = grade >= 7;
		const top = byDifficulty(difficulty, [10, 15, 20]);
		const x = negatives ? rng.int(-top, top) : rng.int(1, top);
		const kind = rng.pick(["add", "subtract", "multiply"] as const);
		if (kind === "multiply") {
			const a = rng.int(2, byDifficulty(difficulty, [5, 9, 12])) * (negatives && rng.chance(0.3) ? -1 : 1);
			const c = a * x;
			return {
				text: `Solve for x: ${term(a)} = ${c}`,
				answer: solution(x),
				distractors: [solution(c - a), solution(c * a), solution(-x)],
				fallbacks: near(x),
				explanation: `Divide both sides by ${a}: x = ${c} ÷ ${a} = ${x}.`,
				hints: ["Undo the multiplication.", `What number times ${a} gives ${c}?`],
				standards: [ccss("6.EE.B.7")],
			};
		}
		const subtract = kind === "subtract";
		const b = rng.int(1, top);
		const c = subtract ? x - b : x + b;
		assert(negatives || c >= 0, "no negative numbers before grade 7 here");
		return {
			text: `Solve for x: x ${subtract ? "-" : "+"} ${b} = ${c}`,
			answer: solution(x),
			// the sign error moves +b across as +b
			distractors: [solution(subtract ? c - b : c + b), solution(c), solution(-x)],
			fallbacks: near(x),
			explanation: `${subtract ? `Add ${b} to` : `Subtract ${b} from`} both sides: x = ${c} ${subtract ? "+" : "-"} ${b} = ${x}.`,
			hints: ["Do the same thing to both sides.", `Undo the ${subtract ? "subtraction" : "addition"}.`],
			standards: [ccss("6.EE.B.7")],
		};
	},
};

/** px + q = r. Misconceptions: the sign error moving q, stopping at px = r - q, dividing before subtracting. */
export const twoStepEquationTopic: MathTopic = {
	id: "two-step-equations",
	title: "Two-step equations",
	cluster: CLUSTER,
	standards: ["7.EE.B.4a"],
	grades: { min: 7, max: 8 },
	keywords: ["two-step equation", "two step equation", "two-step equations", "multi-step", "equation", "equations", "solve for x", "linear equation", "variable"],
	range: () => ({ min: -250, max: 250 }),
	generate(rng, { difficulty }) {
		const x = rng.int(-10, 12);
		assert(x !== 0, "x = 0 makes stopping at px = q look right");
		const a = rng.int(2, byDifficulty(difficulty, [5, 9, 12])) * (difficulty !== "easy" && rng.chance(0.3) ? -1 : 1);
		// a constant that is a multiple of a keeps the sign-error and divide-first answers whole, like the answer
		const b = (rng.chance(0.6) ? Math.abs(a) * rng.int(1, 3) : rng.int(1, 20)) * (rng.chance(0.4) ? -1 : 1);
		const c = a * x + b;
		return {
			text: `Solve for x: ${term(a)} ${signed(b)} = ${c}`,
			answer: solution(x),
			distractors: [solution(c + b, a), solution(c - b), solution(c - b * a, a), solution(-x)],
			fallbacks: near(x),
			explanation: `${b < 0 ? `Add ${-b} to` : `Subtract ${b} from`} both sides: ${term(a)} = ${c - b}. Then divide by ${a}: x = ${x}.`,
			hints: ["First undo the addition or subtraction.", `When you reach ${term(a)} = ${c - b}, you still need to divide by ${a}.`],
			standards: [ccss("7.EE.B.4a")],
		};
	},
};

/**
 * Variables on both sides, sometimes with brackets. Misconceptions: adding the x-terms instead of
 * subtracting, the sign error moving a constant, and distributing to the first term only.
 */
export const multiStepEquationTopic: MathTopic = {
	id: "multi-step-equations",
	title: "Multi-step linear equations (variables on both sides)",
	cluster: "Expressions and Equations / Reasoning with Equations and Inequalities",
	standards: ["8.EE.C.7", "A.REI.B.3"],
	grades: { min: 8, max: 12 },
	keywords: ["multi-step equation", "multi step equation", "variables on both sides", "variable on both sides", "linear equation", "linear equations", "equation", "equations", "solve for x", "distributive property", "algebra"],
	range: () => ({ min: -400, max: 400 }),
	generate(rng, { difficulty }) {
		const x = rng.int(-12, 12);
		const c = rng.int(-9, 9);
		const a = c + rng.int(1, byDifficulty(difficulty, [4, 6, 9])) * (rng.chance(0.5) ? -1 : 1);
		assert(a !== 0 && c !== 0, "both sides need an x-term");
		const bracket = difficulty !== "easy" && rng.chance(0.5);
		const k = bracket ? rng.int(2, 5) : 1;
		const b = rng.int(-12, 12);
		assert(b !== 0, "a constant on the left");
		// left: k(a' x + b') with a = k a', right: c x + d
		const inner = bracket ? Math.round(a / k) : a;
		assert(!bracket || inner * k === a, "the bracket must multiply out evenly");
		const d = a * x + k * b - c * x;
		const left = bracket ? `${k}(${term(inner)} ${signed(b)})` : `${term(a)} ${signed(b)}`;
		const constant = k * b;
		return {
			text: `Solve for x: ${left} = ${term(c)} ${signed(d)}`,
			answer: solution(x),
			distractors: [a + c !== 0 ? solution(d - constant, a + c) : "", solution(d + constant, a - c), bracket ? solution(d - b, a - c) : solution(d - constant, c - a)].filter(Boolean),
			fallbacks: near(x),
			explanation: `${bracket ? `Multiply out: ${term(a)} ${signed(constant)} = ${term(c)} ${signed(d)}. ` : ""}Subtract ${term(c)} from both sides: ${term(a - c)} ${signed(constant)} = ${d}. ${constant < 0 ? `Add ${-constant} to` : `Subtract ${constant} from`} both sides: ${term(a - c)} = ${d - constant}. Divide by ${a - c}: x = ${x}.`,
			hints: ["Collect the x-terms on one side first.", bracket ? "Multiply the number outside the brackets by every term inside." : "Whatever you do to one side, do to the other."],
			standards: [ccss(rng.chance(0.5) ? "8.EE.C.7" : "A.REI.B.3")],
		};
	},
};
