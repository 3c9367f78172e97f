import type { Rng } from "../random.js";
import type { Difficulty } from "../types.js";
import { ccss, type MathItem } from "./item.js";
import { formatFraction, rat, type Rational } from "./rational.js";

/**
 * One- and two-step linear equations with an integer solution. Misconceptions offered: the
 * sign error when moving a term across the equals sign, stopping at px = q (answering q),
 * and dividing before subtracting.
 */
export function equationQuestion(rng: Rng, grade: number, difficulty: Difficulty): MathItem {
	const twoStep = difficulty === "hard" || (difficulty === "medium" ? rng.chance(grade >= 7 ? 0.7 : 0.4) : grade >= 8 && rng.chance(0.3));
	return twoStep ? twoStepEquation(rng, grade) : oneStepEquation(rng, grade);
}

const answerText = (value: number | Rational): string => `x = ${typeof value === "number" ? value : formatFraction(value)}`;

function oneStepEquation(rng: Rng, grade: number): MathItem {
	const negatives = grade >= 7;
	const allowed = (v: number) => negatives || v >= 0;
	const x = negatives ? rng.int(-12, 15) : rng.int(1, grade <= 4 ? 10 : 20);
	const kind = rng.pick(["add", "subtract", "multiply"] as const);
	if (kind === "multiply") {
		let a = rng.int(2, grade <= 5 ? 9 : 12);
		if (negatives && rng.chance(0.3)) a = -a;
		const c = a * x;
		return {
			text: `Solve for x: ${a}x = ${c}`,
			answer: answerText(x),
			distractors: [c - a, c * a, -x].filter(allowed).map(answerText),
			fallbacks: [x + 1, x - 1, x + 2, x - 2, x + 3].filter(allowed).map(answerText),
			explanation: `Divide both sides by ${a}: x = ${c} ÷ ${a} = ${x}.`,
			hints: ["Undo the multiplication.", `What number times ${a} gives ${c}?`],
			standards: [ccss(grade >= 8 ? "8.EE.C.7" : "6.EE.B.7")],
		};
	}
	// before negative numbers are taught (grade 7), x - b = c keeps c positive
	const subtract = kind === "subtract" && (negatives || x > 1);
	const b = subtract && !negatives ? rng.int(1, x - 1) : rng.int(1, grade <= 4 ? 10 : 20);
	const c = subtract ? x - b : x + b;
	const text = subtract ? `Solve for x: x - ${b} = ${c}` : `Solve for x: x + ${b} = ${c}`;
	// sign error: moving +b across as +b (or -b as -b)
	const signError = subtract ? c - b : c + b;
	return {
		text,
		answer: answerText(x),
		distractors: [signError, c, -x].filter(allowed).map(answerText),
		fallbacks: [x + 1, x - 1, x + 2, x - 2, x + 3, x + 4].filter(allowed).map(answerText),
		explanation: `${subtract ? `Add ${b} to` : `Subtract ${b} from`} both sides: x = ${x}.`,
		hints: ["Do the same thing to both sides.", `Undo the ${subtract ? "subtraction" : "addition"} first.`],
		standards: [ccss(grade >= 8 ? "8.EE.C.7" : "6.EE.B.7")],
	};
}

function twoStepEquation(rng: Rng, grade: number): MathItem {
	const negatives = grade >= 7;
	const x = negatives ? rng.int(-10, 12) : rng.int(1, 12);
	let a = rng.int(2, grade <= 6 ? 6 : 9);
	if (negatives && rng.chance(0.25)) a = -a;
	let b = rng.int(1, 20);
	if (negatives && rng.chance(0.4)) b = -b;
	const c = a * x + b;
	const lhs = `${a}x ${b < 0 ? "-" : "+"} ${Math.abs(b)}`;
	const signError = rat(c + b, a); // moved +b across without changing its sign
	const divideFirst = rat(c - b * a, a); // c/a - b
	const allowed = (v: Rational | number) => negatives || (typeof v === "number" ? v : v.n) >= 0;
	const candidates = [signError, c - b, divideFirst, -x].filter(allowed).map(answerText);
	return {
		text: `Solve for x: ${lhs} = ${c}`,
		answer: answerText(x),
		distractors: candidates,
		fallbacks: [x + 1, x - 1, x + 2, x - 2, x + 3, x + 4].filter(allowed).map(answerText),
		explanation: `${b < 0 ? `Add ${-b} to` : `Subtract ${b} from`} both sides: ${a}x = ${c - b}. Then divide by ${a}: x = ${x}.`,
		hints: ["First undo the addition or subtraction.", `When you reach ${a}x = ${c - b}, you still need to divide by ${a}.`],
		standards: [ccss(grade >= 8 ? "8.EE.C.7" : "7.EE.B.4a")],
	};
}
