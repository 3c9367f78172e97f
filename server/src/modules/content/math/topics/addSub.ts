import type { Rng } from "../../random.js";
import type { Difficulty } from "../../types.js";
import { ccss, type MathItem, type MathTopic, type NumberRange } from "../item.js";
import { assert, byDifficulty, digitsOf, near } from "./util.js";

const CLUSTER = "Operations and Algebraic Thinking / Number and Operations in Base Ten";

/** Facts within 10 or 20. Misconceptions: off-by-one counting, and doing the other operation. */
export const addSub20Topic: MathTopic = {
	id: "add-subtract-within-20",
	title: "Addition and subtraction within 20",
	cluster: CLUSTER,
	standards: ["K.OA.A.5", "1.OA.C.6", "2.OA.B.2"],
	grades: { min: 0, max: 2 },
	keywords: ["add", "addition", "adding", "subtract", "subtraction", "take away", "plus", "minus", "sum", "difference", "within 5", "within 10", "within 20", "facts to 20", "number bonds", "make 10", "making ten"],
	range: (grade, difficulty) => ({ min: 0, max: grade === 0 ? byDifficulty(difficulty, [5, 10, 10]) : grade === 1 ? byDifficulty(difficulty, [10, 20, 20]) : 20 }),
	generate(rng, { range }) {
		const total = rng.int(2, range.max);
		const a = rng.int(1, total - 1);
		return rng.chance(0.5) ? addition(a, total - a, range, "1.OA.C.6") : subtraction(total, a, range, "1.OA.C.6");
	},
};

/**
 * Two-digit addition and subtraction; `easy` never regroups, `hard` always does. Misconceptions:
 * dropping the carried ten, subtracting the smaller digit from the larger in each column, and
 * regrouping without taking the ten away.
 */
export const addSub100Topic: MathTopic = {
	id: "add-subtract-within-100",
	title: "Addition and subtraction within 100 (with and without regrouping)",
	cluster: CLUSTER,
	standards: ["1.NBT.C.4", "1.NBT.C.6", "2.NBT.B.5"],
	grades: { min: 1, max: 3 },
	keywords: ["add", "addition", "subtract", "subtraction", "plus", "minus", "within 100", "two-digit", "2-digit", "two digit", "regroup", "regrouping", "carrying", "borrowing", "double-digit"],
	range: () => ({ min: 0, max: 100 }),
	generate: (rng, { difficulty, range }) => columnProblem(rng, 2, difficulty, range, "2.NBT.B.5"),
};

export const addSub1000Topic: MathTopic = {
	id: "add-subtract-within-1000",
	title: "Addition and subtraction within 1000 (with and without regrouping)",
	cluster: CLUSTER,
	standards: ["2.NBT.B.7", "3.NBT.A.2"],
	grades: { min: 2, max: 4 },
	keywords: ["add", "addition", "subtract", "subtraction", "within 1000", "three-digit", "3-digit", "three digit", "regroup", "regrouping", "carrying", "borrowing"],
	range: () => ({ min: 0, max: 1000 }),
	generate: (rng, { difficulty, range }) => columnProblem(rng, 3, difficulty, range, "3.NBT.A.2"),
};

function columnProblem(rng: Rng, digits: number, difficulty: Difficulty, range: NumberRange, code: string): MathItem {
	const regroup = byDifficulty(difficulty, [false, rng.chance(0.5), true]);
	const low = 10 ** (digits - 1);
	const plus = rng.chance(0.5);
	if (plus) {
		const a = rng.int(low, range.max - low);
		const b = rng.int(low, range.max - a);
		assert(carries(a, b) === regroup, "regrouping does not match the difficulty");
		return addition(a, b, range, code);
	}
	const a = rng.int(low + 1, range.max - 1);
	const b = rng.int(low, a - 1);
	assert(borrows(a, b) === regroup, "regrouping does not match the difficulty");
	return subtraction(a, b, range, code);
}

function addition(a: number, b: number, range: NumberRange, code: string): MathItem {
	const sum = a + b;
	const dropCarry = columnwise(a, b, (x, y) => (x + y) % 10);
	return {
		text: `What is ${a} + ${b}?`,
		answer: String(sum),
		distractors: [String(dropCarry), String(sum - 1), String(sum + 1), String(Math.abs(a - b)), String(sum + 10)],
		fallbacks: near(sum),
		explanation: carries(a, b) ? `Add the columns from the ones: when a column makes 10 or more, carry the ten to the next column. ${a} + ${b} = ${sum}.` : `Add the ones, then the tens${sum >= 100 ? ", then the hundreds" : ""}: ${a} + ${b} = ${sum}.`,
		hints: sum <= 20 ? [`Start at ${Math.max(a, b)} and count on ${Math.min(a, b)}.`, "Can you make a ten first?"] : ["Add the ones first.", "If the ones make 10 or more, carry a ten."],
		standards: [ccss(range.max <= 10 && sum <= 10 ? "K.OA.A.5" : code)],
	};
}

function subtraction(a: number, b: number, range: NumberRange, code: string): MathItem {
	const diff = a - b;
	const smallerFromLarger = columnwise(a, b, (x, y) => Math.abs(x - y));
	return {
		text: `What is ${a} - ${b}?`,
		answer: String(diff),
		distractors: [String(smallerFromLarger), String(diff + 10), String(diff + 1), String(diff - 1), String(a + b)],
		fallbacks: near(diff),
		explanation: borrows(a, b) ? `There are not enough ones to take ${b % 10} from ${a % 10}, so regroup a ten as 10 ones, then subtract each column: ${a} - ${b} = ${diff}.` : `Subtract the ones, then the tens${a >= 100 ? ", then the hundreds" : ""}: ${a} - ${b} = ${diff}.`,
		hints: a <= 20 ? [`Start at ${b} and count up to ${a}.`, `Check: ${diff} + ${b} should make ${a}.`] : ["Start with the ones column.", "If the top digit is smaller, regroup a ten."],
		standards: [ccss(range.max <= 10 && a <= 10 ? "K.OA.A.5" : code)],
	};
}

/** Applies `f` to each column (ones, tens, ...) and reads the digits back as a number. */
function columnwise(a: number, b: number, f: (x: number, y: number) => number): number {
	const da = digitsOf(a).reverse();
	const db = digitsOf(b).reverse();
	let out = 0;
	for (let i = 0; i < Math.max(da.length, db.length); i++) out += f(da[i] ?? 0, db[i] ?? 0) * 10 ** i;
	return out;
}

const carries = (a: number, b: number): boolean => digitsOf(a).reverse().some((d, i) => d + (digitsOf(b).reverse()[i] ?? 0) >= 10);
const borrows = (a: number, b: number): boolean => digitsOf(a).reverse().some((d, i) => d < (digitsOf(b).reverse()[i] ?? 0));
