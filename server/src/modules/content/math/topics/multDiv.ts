import { ccss, type MathTopic } from "../item.js";
import { assert, byDifficulty, near } from "./util.js";

const CLUSTER = "Operations and Algebraic Thinking / Number and Operations in Base Ten";

/** Facts to 10 x 10 (12 x 12 when hard). Misconceptions: one group too many or too few, adding instead of multiplying, a neighbouring fact. */
export const multiplicationFactsTopic: MathTopic = {
	id: "multiplication-facts",
	title: "Multiplication facts to 10×10",
	cluster: CLUSTER,
	standards: ["3.OA.A.1", "3.OA.C.7"],
	grades: { min: 3, max: 4 },
	keywords: ["multiplication facts", "multiplication", "multiply", "multiplying", "times tables", "times table", "times", "product", "groups of", "arrays", "skip counting"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [50, 100, 144]) }),
	generate(rng, { difficulty, range }) {
		const top = byDifficulty(difficulty, [5, 10, 12]);
		const a = rng.int(2, top);
		const b = rng.int(difficulty === "easy" ? 1 : 2, top);
		const product = a * b;
		assert(product <= range.max, "product above the range");
		return {
			text: `What is ${a} × ${b}?`,
			answer: String(product),
			distractors: [String(a * (b + 1)), String(a * (b - 1)), String(a + b), String((a + 1) * b), String((a - 1) * b)],
			fallbacks: near(product),
			explanation: `${a} × ${b} means ${b} groups of ${a}: ${Array.from({ length: Math.min(b, 4) }, (_, i) => a * (i + 1)).join(", ")}${b > 4 ? ", ..." : ""} up to ${product}.`,
			hints: [`Skip-count by ${a}, ${b} times.`, b > 5 ? `Start from ${a} × 5 = ${a * 5} and add ${b - 5} more groups of ${a}.` : `Think of ${b} rows of ${a}.`],
			standards: [ccss("3.OA.C.7")],
		};
	},
};

/** Division facts as the inverse of the facts above. Misconceptions: an off-by-one quotient, subtracting once, answering the divisor. */
export const divisionFactsTopic: MathTopic = {
	id: "division-facts",
	title: "Division facts within 100",
	cluster: CLUSTER,
	standards: ["3.OA.A.2", "3.OA.B.6", "3.OA.C.7"],
	grades: { min: 3, max: 4 },
	keywords: ["division facts", "division", "divide", "dividing", "quotient", "share equally", "sharing", "equal groups", "fact families", "times tables"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [50, 100, 144]) }),
	generate(rng, { difficulty }) {
		const top = byDifficulty(difficulty, [5, 10, 12]);
		const divisor = rng.int(2, top);
		const quotient = rng.int(difficulty === "easy" ? 1 : 2, top);
		const dividend = divisor * quotient;
		return {
			text: `What is ${dividend} ÷ ${divisor}?`,
			answer: String(quotient),
			distractors: [String(quotient + 1), String(quotient - 1), String(dividend - divisor), String(divisor === quotient ? quotient + 2 : divisor)],
			fallbacks: near(quotient, [2, -2, 3, -3, 4]),
			explanation: `Use the fact family: ${divisor} × ${quotient} = ${dividend}, so ${dividend} ÷ ${divisor} = ${quotient}.`,
			hints: [`What number times ${divisor} makes ${dividend}?`, `Share ${dividend} into ${divisor} equal groups.`],
			standards: [ccss(rng.chance(0.5) ? "3.OA.B.6" : "3.OA.C.7")],
		};
	},
};

/** Multi-digit x one-digit and two-digit x two-digit. Misconceptions: forgetting to shift the tens partial product, dropping a carry. */
export const multiDigitMultiplicationTopic: MathTopic = {
	id: "multi-digit-multiplication",
	title: "Multi-digit multiplication",
	cluster: "Number and Operations in Base Ten",
	standards: ["4.NBT.B.5", "5.NBT.B.5"],
	grades: { min: 4, max: 6 },
	keywords: ["multi-digit multiplication", "multiply", "multiplication", "multiplying", "product", "two-digit by two-digit", "2-digit", "long multiplication", "standard algorithm", "partial products"],
	range: (grade, difficulty) => ({ min: 0, max: grade === 4 ? 10_000 : byDifficulty(difficulty, [10_000, 100_000, 1_000_000]) }),
	generate(rng, { grade, difficulty, range }) {
		const twoByTwo = difficulty !== "easy" && rng.chance(grade === 4 ? 0.4 : 0.6);
		const a = twoByTwo ? rng.int(12, grade === 4 ? 99 : byDifficulty(difficulty, [99, 99, 999])) : rng.int(grade === 4 ? 12 : 100, grade === 4 ? 999 : 9999);
		const b = twoByTwo ? rng.int(12, 99) : rng.int(3, 9);
		const product = a * b;
		assert(product <= range.max, "product above the range");
		const ones = b % 10;
		const tens = Math.floor(b / 10);
		const unshifted = a * ones + a * tens; // the tens partial product not multiplied by 10
		const onlyOnes = a * ones;
		return {
			text: `What is ${a} × ${b}?`,
			answer: String(product),
			distractors: twoByTwo ? [String(unshifted), String(product + 10 * (tens > 0 ? 10 : 1)), String(product - 100), String(onlyOnes)] : [String(product - 10), String(product + 10), String(product - 100), String(product + 100)],
			fallbacks: near(product, [1000, -1000, 20, -20, 1, -1]),
			explanation: twoByTwo
				? `Multiply by each part of ${b}: ${a} × ${ones} = ${onlyOnes} and ${a} × ${tens * 10} = ${a * tens * 10}. Add the partial products: ${onlyOnes} + ${a * tens * 10} = ${product}.`
				: `Multiply each place of ${a} by ${b} and add: ${String(a).split("").map((d, i, all) => Number(d) * 10 ** (all.length - 1 - i) * b).join(" + ")} = ${product}.`,
			hints: twoByTwo ? [`Split ${b} into ${tens * 10} + ${ones}.`, "Remember the tens partial product ends in 0."] : [`Multiply ${b} by each place of ${a}.`, "Carry when a place makes 10 or more."],
			standards: [ccss(grade >= 5 ? "5.NBT.B.5" : "4.NBT.B.5")],
		};
	},
};

/** Exact division of up to four digits by one or two digits. Misconceptions: a missing zero in the quotient, an off-by-one digit. */
export const multiDigitDivisionTopic: MathTopic = {
	id: "multi-digit-division",
	title: "Multi-digit division",
	cluster: "Number and Operations in Base Ten",
	standards: ["4.NBT.B.6", "5.NBT.B.6", "6.NS.B.2"],
	grades: { min: 4, max: 6 },
	keywords: ["long division", "division", "divide", "dividing", "quotient", "multi-digit division", "dividend", "divisor"],
	range: (grade) => ({ min: 0, max: grade === 4 ? 10_000 : 100_000 }),
	generate(rng, { grade, difficulty }) {
		const divisor = grade === 4 || difficulty === "easy" ? rng.int(2, 9) : rng.int(11, byDifficulty(difficulty, [12, 30, 99]));
		const quotient = rng.int(grade === 4 ? 12 : 21, grade === 4 ? 999 : 999);
		const dividend = divisor * quotient;
		const q = String(quotient);
		const droppedZero = q.includes("0") && q.length > 2 ? Number(q.replace("0", "")) : quotient + 10;
		return {
			text: `What is ${dividend} ÷ ${divisor}?`,
			answer: q,
			distractors: [String(droppedZero), String(quotient + 1), String(quotient - 1), String(quotient + 100)],
			fallbacks: near(quotient, [10, -10, 2, -2, 11]),
			explanation: `${divisor} × ${quotient} = ${dividend}, so ${dividend} ÷ ${divisor} = ${quotient}. Check by multiplying back.`,
			hints: [`How many times does ${divisor} go into the first digits of ${dividend}?`, "Write a 0 in the quotient when a step does not go in."],
			standards: [ccss(grade >= 6 ? "6.NS.B.2" : grade === 5 ? "5.NBT.B.6" : "4.NBT.B.6")],
		};
	},
};
