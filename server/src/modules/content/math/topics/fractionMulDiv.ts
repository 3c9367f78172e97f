import { ccss, type MathTopic } from "../item.js";
import { div, formatFraction, gcd, mul, rat } from "../rational.js";
import { assert, byDifficulty } from "./util.js";

const CLUSTER = "Number and Operations—Fractions / The Number System";
const f = (n: number, d: number) => formatFraction(rat(n, d));

/**
 * Fraction × whole number (grade 4) and fraction × fraction (grade 5+). Misconceptions:
 * multiplying the denominator by the whole number too, cross-multiplying, adding instead.
 */
export const fractionMultiplyTopic: MathTopic = {
	id: "fractions-multiply",
	title: "Multiplying fractions by whole numbers and fractions",
	cluster: CLUSTER,
	standards: ["4.NF.B.4", "5.NF.B.4", "5.NF.B.6"],
	grades: { min: 4, max: 6 },
	keywords: ["multiply fractions", "multiplying fractions", "fraction times", "fractions by whole numbers", "product of fractions", "fraction of a number", "fractions", "fraction"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [60, 100, 150]) }),
	generate(rng, { grade, difficulty }) {
		const b = rng.int(2, byDifficulty(difficulty, [6, 10, 12]));
		const a = rng.int(1, b - 1);
		assert(gcd(a, b) === 1, "lowest terms");
		if (grade === 4 || rng.chance(0.3)) {
			const w = rng.int(2, byDifficulty(difficulty, [5, 9, 12]));
			const answer = rat(a * w, b);
			assert(answer.d !== 1, "whole answer among fractions");
			return {
				text: `What is ${a}/${b} × ${w}?`,
				answer: formatFraction(answer),
				distractors: [f(a * w, b * w), f(a, b * w), f(a + w, b), f(a * w + 1, b)],
				fallbacks: [f(a * w - 1, b), f(a * w + 2, b), f(a * w, b + 1)],
				explanation: `${w} groups of ${a}/${b} is ${w} × ${a} = ${a * w} parts of size 1/${b}: ${a * w}/${b}${f(a * w, b) !== `${a * w}/${b}` ? `, which simplifies to ${formatFraction(answer)}` : ""}.`,
				hints: ["Multiply the numerator by the whole number.", "The size of the parts (the denominator) stays the same."],
				standards: [ccss("4.NF.B.4")],
			};
		}
		const d = rng.int(2, byDifficulty(difficulty, [6, 10, 12]));
		const c = rng.int(1, d - 1);
		assert(gcd(c, d) === 1, "lowest terms");
		const answer = mul(rat(a, b), rat(c, d));
		const written = `${a * c}/${b * d}`;
		return {
			text: `What is ${a}/${b} × ${c}/${d}?`,
			answer: formatFraction(answer),
			distractors: [f(a * d, b * c), f(a + c, b + d), f(a * c, b + d), f(a * d + b * c, b * d)],
			fallbacks: [f(a * c + 1, b * d), f(a * c, b * d + 1), f(a * c + 2, b * d)],
			explanation: `Multiply the numerators and the denominators: ${a} × ${c} = ${a * c} and ${b} × ${d} = ${b * d}, giving ${written}${written !== formatFraction(answer) ? `, which simplifies to ${formatFraction(answer)}` : ""}.`,
			hints: ["Top times top, bottom times bottom.", "You do not need a common denominator to multiply."],
			standards: [ccss("5.NF.B.4")],
		};
	},
};

/**
 * Dividing with unit fractions (grade 5) and fraction ÷ fraction (grade 6+). Misconceptions:
 * flipping the first fraction, dividing straight across, multiplying without flipping.
 */
export const fractionDivideTopic: MathTopic = {
	id: "fractions-divide",
	title: "Dividing fractions",
	cluster: CLUSTER,
	standards: ["5.NF.B.7", "6.NS.A.1"],
	grades: { min: 5, max: 7 },
	keywords: ["divide fractions", "dividing fractions", "division of fractions", "fraction division", "reciprocal", "keep change flip", "fractions", "fraction"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [60, 100, 150]) }),
	generate(rng, { grade, difficulty }) {
		if (grade === 5) {
			const b = rng.int(2, byDifficulty(difficulty, [5, 8, 10]));
			const w = rng.int(2, byDifficulty(difficulty, [5, 9, 12]));
			const unitFirst = rng.chance(0.5);
			const answer = unitFirst ? rat(1, b * w) : rat(w * b, 1);
			return unitFirst
				? {
						text: `What is 1/${b} ÷ ${w}?`,
						answer: formatFraction(answer),
						distractors: [f(w, b), f(1, b + w), f(b, w), f(2, b * w)],
						fallbacks: [f(1, b * w + 1), f(1, b * w - 1), f(3, b * w)],
						explanation: `Sharing 1/${b} into ${w} equal parts makes each part 1/${b} × 1/${w} = 1/${b * w}.`,
						hints: ["Dividing by a whole number makes the piece smaller.", `Split each 1/${b} into ${w} parts.`],
						standards: [ccss("5.NF.B.7")],
					}
				: {
						text: `What is ${w} ÷ 1/${b}?`,
						answer: formatFraction(answer),
						distractors: [String(w + b), f(w, b), String(w * b + w), String(w * b - 1)],
						fallbacks: [String(w * b + 1), String(w * b + b), String(w * b - b)],
						explanation: `How many 1/${b}s fit in ${w}? Each whole holds ${b} of them, so ${w} × ${b} = ${w * b}.`,
						hints: [`How many 1/${b}s make one whole?`, "Dividing by a fraction less than 1 gives a bigger number."],
						standards: [ccss("5.NF.B.7")],
					};
		}
		const b = rng.int(2, byDifficulty(difficulty, [6, 9, 12]));
		const d = rng.int(2, byDifficulty(difficulty, [6, 9, 12]));
		const a = rng.int(1, b - 1);
		const c = rng.int(1, d - 1);
		assert(gcd(a, b) === 1 && gcd(c, d) === 1, "lowest terms");
		const answer = div(rat(a, b), rat(c, d));
		assert(answer.d !== 1, "whole answer among fractions");
		const written = `${a * d}/${b * c}`;
		return {
			text: `What is ${a}/${b} ÷ ${c}/${d}?`,
			answer: formatFraction(answer),
			distractors: [f(b * c, a * d), f(a * c, b * d), f(a * c, b * d) === f(a, b) ? f(a + 1, b) : f(a, b), f(a * d + 1, b * c)],
			fallbacks: [f(a * d, b * c + 1), f(a * d + 2, b * c), f(a * d, b * c + 2)],
			explanation: `Dividing by ${c}/${d} is multiplying by its reciprocal ${d}/${c}: ${a}/${b} × ${d}/${c} = ${written}${written !== formatFraction(answer) ? `, which simplifies to ${formatFraction(answer)}` : ""}.`,
			hints: ["Keep the first fraction, change ÷ to ×, flip the second fraction.", "Check: your answer times the divisor should give the first fraction."],
			standards: [ccss("6.NS.A.1")],
		};
	},
};
