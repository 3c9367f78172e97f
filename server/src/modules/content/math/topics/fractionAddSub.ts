import type { Rng } from "../../random.js";
import { ccss, type MathItem, type MathTopic } from "../item.js";
import { add, formatFraction, gcd, lcm, rat, sub, type Rational } from "../rational.js";
import { assert, byDifficulty } from "./util.js";

const CLUSTER = "Number and Operations—Fractions";

/** Like denominators. Misconceptions: adding the denominators too, and subtracting the other way round. */
export const fractionAddLikeTopic: MathTopic = {
	id: "fractions-add-subtract-like",
	title: "Adding and subtracting fractions with like denominators",
	cluster: CLUSTER,
	standards: ["4.NF.B.3a", "4.NF.B.3d"],
	grades: { min: 4, max: 5 },
	keywords: ["like denominators", "same denominator", "add fractions", "adding fractions", "subtract fractions", "subtracting fractions", "fractions", "fraction"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [12, 24, 24]) }),
	generate(rng, { difficulty }) {
		const d = rng.pick(byDifficulty(difficulty, [[3, 4, 5, 6, 8], [3, 4, 5, 6, 8, 10, 12], [5, 6, 8, 10, 12]]));
		let a = rng.int(1, d - 1);
		let b = rng.int(1, d - 1);
		const minus = rng.chance(0.5);
		if (minus && a < b) [a, b] = [b, a];
		assert(a !== b || !minus, "zero difference");
		const top = minus ? a - b : a + b;
		const answer = rat(top, d);
		assert(answer.d !== 1, "a whole-number answer would stand out among fractions");
		const written = `${top}/${d}`;
		const simplified = formatFraction(answer);
		return {
			text: `What is ${a}/${d} ${minus ? "-" : "+"} ${b}/${d}?`,
			answer: simplified,
			// every option in lowest terms, so "the simplified one" is never a give-away
			distractors: [[top, 2 * d], minus ? [a + b, d] : [top, d + d], [top + 1, d], [Math.max(1, top - 1), d]].map(([n, m]) => formatFraction(rat(n, m))),
			fallbacks: [[top + 2, d], [top, d + 1], [top + 1, d + 1], [top + 3, d]].map(([n, m]) => formatFraction(rat(n, m))),
			explanation: `The denominators are the same, so ${minus ? "subtract" : "add"} the numerators and keep ${d}: ${a} ${minus ? "-" : "+"} ${b} = ${top}, giving ${written}${written !== simplified ? `, which simplifies to ${simplified}` : ""}.`,
			hints: ["The denominator tells the size of the parts; it does not change.", `${minus ? "Subtract" : "Add"} only the numerators.`],
			standards: [ccss(minus ? "4.NF.B.3a" : "4.NF.B.3d")],
		};
	},
};

/**
 * Unlike denominators. Misconceptions: adding (or subtracting) tops and bottoms, keeping one
 * denominator without scaling the numerators, and multiplying the denominators while adding the
 * numerators unscaled. Negative results only from grade 7 (7.NS.A.1).
 */
export const fractionAddUnlikeTopic: MathTopic = {
	id: "fractions-add-subtract-unlike",
	title: "Adding and subtracting fractions with unlike denominators",
	cluster: CLUSTER,
	standards: ["5.NF.A.1", "5.NF.A.2", "7.NS.A.1"],
	grades: { min: 5, max: 7 },
	keywords: ["unlike denominators", "different denominators", "common denominator", "add fractions", "adding fractions", "subtract fractions", "subtracting fractions", "fractions", "fraction"],
	range: (grade, difficulty) => ({ min: grade >= 7 ? -300 : 0, max: byDifficulty(difficulty, [100, 200, 300]) }),
	generate: (rng, { grade, difficulty }) => unlike(rng, grade, byDifficulty(difficulty, [6, grade <= 6 ? 10 : 12, grade <= 6 ? 12 : 15])),
};

function unlike(rng: Rng, grade: number, maxDen: number): MathItem {
	const b = rng.int(2, maxDen);
	const d = rng.int(2, maxDen);
	assert(b !== d, "like denominators");
	const a = rng.int(1, b - 1);
	const c = rng.int(1, d - 1);
	assert(gcd(a, b) === 1 && gcd(c, d) === 1, "not in lowest terms");
	const allowNegative = grade >= 7;
	let minus = rng.chance(0.5);
	let [xn, xd, yn, yd] = [a, b, c, d];
	if (minus && !allowNegative && a * d < c * b) [xn, xd, yn, yd] = [c, d, a, b];
	if (minus && a * d === c * b) minus = false;
	const x = rat(xn, xd);
	const y = rat(yn, yd);
	const op = minus ? "-" : "+";
	const answer = minus ? sub(x, y) : add(x, y);
	assert(answer.d !== 1, "a whole-number answer would stand out among fractions");
	const common = lcm(xd, yd);
	const combine = (p: number, q: number) => (minus ? p - q : p + q);
	const tops = combine(xn, yn);
	const bottoms = minus ? Math.abs(xd - yd) : xd + yd;
	const allowed = (r: Rational) => allowNegative || r.n > 0;
	const distractors = [bottoms > 0 ? rat(tops, bottoms) : undefined, rat(tops, common), rat(tops, xd * yd), rat(combine(xn * yd, yn), xd * yd)]
		.filter((r): r is Rational => r !== undefined && r.n !== 0 && allowed(r))
		.map(formatFraction);
	const fallbacks = [1, -1, 2, -2, 3, 4, 5].map((k) => add(answer, rat(k, common))).filter(allowed).map(formatFraction);
	const sx = (xn * common) / xd;
	const sy = (yn * common) / yd;
	const written = `${combine(sx, sy)}/${common}`;
	const simplified = formatFraction(answer);
	return {
		text: `What is ${xn}/${xd} ${op} ${yn}/${yd}?`,
		answer: simplified,
		distractors,
		fallbacks,
		explanation: `Rewrite both fractions with the common denominator ${common}: ${sx}/${common} ${op} ${sy}/${common} = ${written}${written !== simplified ? `, which simplifies to ${simplified}` : ""}.`,
		hints: [`Find a common denominator of ${xd} and ${yd} first.`, "Only the numerators are added or subtracted; the denominator stays the same."],
		standards: [ccss(grade >= 7 ? "7.NS.A.1" : "5.NF.A.1")],
	};
}
