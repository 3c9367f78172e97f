import { ccss, type MathTopic } from "../item.js";
import { add, formatMixed, gcd, rat, sub } from "../rational.js";
import { assert, byDifficulty } from "./util.js";

/**
 * Improper fractions to mixed numbers, and adding or subtracting mixed numbers with like
 * denominators (grade 4) or unlike ones (grade 5+). Misconceptions: the remainder as the whole,
 * adding wholes and parts separately without regrouping, the whole number lost.
 */
export const mixedNumbersTopic: MathTopic = {
	id: "mixed-numbers",
	title: "Mixed numbers",
	cluster: "Number and Operations—Fractions",
	standards: ["4.NF.B.3b", "4.NF.B.3c", "5.NF.A.1"],
	grades: { min: 4, max: 6 },
	keywords: ["mixed numbers", "mixed number", "improper fractions", "improper fraction", "fractions", "fraction"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [30, 70, 150]) }),
	generate(rng, { grade, difficulty }) {
		const d = rng.int(2, byDifficulty(difficulty, [5, 8, 12]));
		if (rng.chance(0.4)) {
			const whole = rng.int(1, byDifficulty(difficulty, [3, 5, 9]));
			const r = rng.int(1, d - 1);
			assert(gcd(r, d) === 1, "lowest terms");
			const n = whole * d + r;
			return {
				text: `Write ${n}/${d} as a mixed number.`,
				answer: `${whole} ${r}/${d}`,
				distractors: [`${r} ${whole}/${d}`, `${whole + 1} ${r}/${d}`, `${whole} ${d - r}/${d}`, whole > 1 ? `${whole - 1} ${r}/${d}` : `${whole + 2} ${r}/${d}`],
				fallbacks: [`${whole} ${r}/${d + 1}`, `${whole + 1} ${d - r}/${d}`],
				explanation: `${n} ÷ ${d} = ${whole} remainder ${r}: ${whole} wholes and ${r}/${d} left over, so ${n}/${d} = ${whole} ${r}/${d}.`,
				hints: [`How many whole groups of ${d} are in ${n}?`, "The remainder is the new numerator."],
				standards: [ccss("4.NF.B.3b")],
			};
		}
		const e = grade === 4 ? d : rng.int(2, byDifficulty(difficulty, [5, 8, 12]));
		const [wa, wb] = [rng.int(1, 5), rng.int(1, 4)];
		const [ra, rb] = [rng.int(1, d - 1), rng.int(1, e - 1)];
		assert(gcd(ra, d) === 1 && gcd(rb, e) === 1, "lowest terms");
		const x = add(rat(wa), rat(ra, d));
		const y = add(rat(wb), rat(rb, e));
		const minus = rng.chance(0.5) && x.n * y.d > y.n * x.d;
		const answer = minus ? sub(x, y) : add(x, y);
		assert(answer.d !== 1 && (answer.n > answer.d), "the answer is a mixed number");
		const noRegroup = minus ? add(rat(wa - wb), sub(rat(ra, d), rat(rb, e))) : undefined;
		const wholesOnly = minus ? rat(wa - wb) : rat(wa + wb);
		const text = `What is ${wa} ${ra}/${d} ${minus ? "-" : "+"} ${wb} ${rb}/${e}?`;
		const parts = minus ? sub(rat(ra, d), rat(rb, e)) : add(rat(ra, d), rat(rb, e));
		return {
			text,
			answer: formatMixed(answer),
			distractors: [
				noRegroup && noRegroup.n > 0 ? formatMixed(add(rat(wa - wb), rat(Math.abs(ra * e - rb * d), d * e))) : formatMixed(add(answer, rat(1))),
				formatMixed(add(wholesOnly, rat(minus ? Math.abs(ra - rb) || 1 : ra + rb, d === e ? d : d + e))),
				formatMixed(sub(answer, rat(1))),
				formatMixed(add(answer, rat(1))),
			],
			fallbacks: [formatMixed(add(answer, rat(1, answer.d))), formatMixed(sub(answer, rat(1, answer.d))), formatMixed(add(answer, rat(2)))],
			explanation:
				parts.n < 0
					? `${ra}/${d} is less than ${rb}/${e}, so regroup one whole from ${wa}: ${wa - 1} ${ra + d}/${d} - ${wb} ${rb}/${e} = ${formatMixed(answer)}.`
					: `${minus ? "Subtract" : "Add"} the wholes and the fractions: ${minus ? wa - wb : wa + wb} and ${ra}/${d} ${minus ? "-" : "+"} ${rb}/${e} = ${formatMixed(parts)}. Together that is ${formatMixed(answer)}.`,
			hints: [d === e ? "The denominators match, so combine the numerators." : `Use a common denominator for ${d} and ${e}.`, minus ? "If the first fraction is too small, regroup one whole." : "If the fractions make more than 1, carry a whole."],
			standards: [ccss(grade === 4 || d === e ? "4.NF.B.3c" : "5.NF.A.1")],
		};
	},
};
