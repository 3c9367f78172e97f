import type { Rng } from "../random.js";
import type { Difficulty } from "../types.js";
import { ccss, type MathItem } from "./item.js";
import { add, formatFraction, gcd, lcm, rat, sub, type Rational } from "./rational.js";

/**
 * Adding and subtracting fractions with unlike denominators. Misconceptions offered as wrong
 * options: adding (or subtracting) tops and bottoms, keeping one denominator without scaling
 * the numerators, and multiplying the denominators while adding the numerators unscaled.
 */
export function fractionQuestion(rng: Rng, grade: number, difficulty: Difficulty): MathItem {
	const maxDen = grade <= 4 ? 6 : grade <= 6 ? (difficulty === "hard" ? 12 : 10) : 15;
	let b = rng.int(2, maxDen);
	let d = rng.int(2, maxDen);
	while (d === b) d = rng.int(2, maxDen);
	// proper fractions already in lowest terms, as a textbook would print them
	let a = rng.int(1, b - 1);
	while (gcd(a, b) !== 1) a = rng.int(1, b - 1);
	let c = rng.int(1, d - 1);
	while (gcd(c, d) !== 1) c = rng.int(1, d - 1);
	const allowNegative = grade >= 7;
	let minus = rng.chance(0.5);
	let [x, y] = [rat(a, b), rat(c, d)];
	let [xn, xd, yn, yd] = [a, b, c, d];
	if (minus && !allowNegative && x.n * y.d < y.n * x.d) {
		[x, y] = [y, x];
		[xn, xd, yn, yd] = [c, d, a, b];
	}
	if (minus && x.n * y.d === y.n * x.d) minus = false;
	const op = minus ? "-" : "+";
	const answer = minus ? sub(x, y) : add(x, y);
	const common = lcm(xd, yd);
	const combine = (p: number, q: number) => (minus ? p - q : p + q);
	const tops = combine(xn, yn);
	const bottoms = minus ? Math.abs(xd - yd) : xd + yd;
	// before grade 7 every option is positive, so a sign alone never gives the answer away
	const allowed = (r: Rational) => allowNegative || r.n > 0;
	const distractors = [
		bottoms > 0 ? rat(tops, bottoms) : undefined,
		rat(tops, common),
		rat(tops, xd * yd),
		rat(combine(xn * yd, yn), xd * yd),
	]
		.filter((r): r is Rational => r !== undefined && allowed(r))
		.map(formatFraction);
	const fallbacks = [1, -1, 2, -2, 3, 4, 5].map((k) => add(answer, rat(k, common))).filter(allowed).map(formatFraction);
	return {
		text: `What is ${xn}/${xd} ${op} ${yn}/${yd}?`,
		answer: formatFraction(answer),
		distractors,
		fallbacks,
		explanation: `Rewrite both fractions with the common denominator ${common}: ${(xn * common) / xd}/${common} ${op} ${(yn * common) / yd}/${common} = ${combine((xn * common) / xd, (yn * common) / yd)}/${common}, which simplifies to ${formatFraction(answer)}.`,
		hints: [`Find a common denominator of ${xd} and ${yd} first.`, "Only the numerators are added or subtracted; the denominator stays the same."],
		standards: [ccss(grade >= 7 ? "7.NS.A.1" : "5.NF.A.1")],
	};
}
