import { ccss, type MathTopic } from "../item.js";
import { assert, byDifficulty, near } from "./util.js";

/** Whole-number exponents. Misconceptions: base × exponent, exponent^base, one factor too many or few. */
export const exponentsTopic: MathTopic = {
	id: "exponents",
	title: "Exponents",
	cluster: "Expressions and Equations",
	standards: ["6.EE.A.1", "8.EE.A.1"],
	grades: { min: 6, max: 9 },
	keywords: ["exponents", "exponent", "powers", "power of", "squared", "cubed", "index notation", "indices", "laws of exponents"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [200, 1100, 5000]) }),
	generate(rng, { grade, difficulty }) {
		const base = rng.int(2, byDifficulty(difficulty, [5, 10, 12]));
		const exp = rng.int(2, byDifficulty(difficulty, [3, 4, 6]));
		const answer = base ** exp;
		assert(answer <= byDifficulty(difficulty, [200, 1100, 5000]), "too big for the range");
		if (grade >= 8 && difficulty !== "easy" && rng.chance(0.4)) {
			const m = rng.int(2, 4);
			const n = rng.int(2, 4);
			assert(base ** (m + n) <= byDifficulty(difficulty, [200, 1100, 5000]), "too big");
			return {
				text: `What is ${base}^${m} × ${base}^${n}?`,
				answer: String(base ** (m + n)),
				distractors: [String(base ** (m * n)), String((base * base) ** (m + n)), String(base ** m + base ** n), String(base ** (m + n - 1))],
				fallbacks: near(base ** (m + n), [base, -base, 1]),
				explanation: `Multiplying powers of the same base adds the exponents: ${base}^${m} × ${base}^${n} = ${base}^${m + n} = ${base ** (m + n)}.`,
				hints: ["Write out the factors: how many times is the base multiplied?", "Same base: add the exponents."],
				standards: [ccss("8.EE.A.1")],
			};
		}
		return {
			text: `What is ${base}^${exp}?`,
			answer: String(answer),
			distractors: [String(base * exp), String(exp ** base), String(base ** (exp - 1)), String(base ** (exp + 1))],
			fallbacks: near(answer, [1, -1, base, -base]),
			explanation: `${base}^${exp} means ${Array(exp).fill(base).join(" × ")} = ${answer}.`,
			hints: ["The exponent says how many times to multiply the base by itself.", `${base}^${exp} is not ${base} × ${exp}.`],
			standards: [ccss("6.EE.A.1")],
		};
	},
};

/** Square and cube roots of perfect squares and cubes. Misconceptions: halving, the square instead of the root. */
export const squareRootsTopic: MathTopic = {
	id: "square-roots",
	title: "Square roots and cube roots",
	cluster: "Expressions and Equations",
	standards: ["8.EE.A.2"],
	grades: { min: 8, max: 10 },
	keywords: ["square roots", "square root", "cube roots", "cube root", "perfect squares", "perfect square", "radicals", "roots"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [150, 400, 1000]) }),
	generate(rng, { difficulty }) {
		const r = rng.int(2, byDifficulty(difficulty, [12, 20, 31]));
		const n = r * r;
		return {
			text: `What is √${n}?`,
			answer: String(r),
			distractors: [String(n / 2), String(r + 1), String(r - 1), String(n)].filter((o) => Number.isInteger(Number(o))),
			fallbacks: near(r, [2, -2, 10, 3]),
			explanation: `${r} × ${r} = ${n}, so √${n} = ${r}.`,
			hints: ["Which number times itself makes this?", "A square root is not half the number."],
			standards: [ccss("8.EE.A.2")],
		};
	},
};
