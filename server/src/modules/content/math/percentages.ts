import type { Rng } from "../random.js";
import type { Difficulty } from "../types.js";
import { ccss, type MathItem } from "./item.js";
import { div, formatDecimal, formatFraction, mul, rat, sub } from "./rational.js";

const EASY_PERCENTS = [10, 20, 25, 50, 75];

/**
 * "p% of n" with an exact answer. Misconceptions offered: taking p as a number of units
 * (n - p), dividing n by p, and moving the decimal point the wrong way (p × n ÷ 10).
 */
export function percentQuestion(rng: Rng, grade: number, difficulty: Difficulty): MathItem {
	const p = grade <= 6 || difficulty === "easy" ? rng.pick(EASY_PERCENTS) : rng.int(1, 19) * 5 + (difficulty === "hard" ? rng.pick([0, 0, 2, 3]) : 0);
	// n must make p% of n a whole number (or a tenth in the higher grades)
	const step = 100 / gcdInt(p, 100);
	const n = step * rng.int(1, Math.max(1, Math.floor((grade <= 6 ? 200 : 800) / step)));
	const answer = div(mul(rat(p), rat(n)), rat(100));
	const show = (r: ReturnType<typeof rat>) => formatDecimal(r) ?? formatFraction(r);
	return {
		text: `What is ${p}% of ${n}?`,
		answer: show(answer),
		distractors: [show(sub(rat(n), rat(p))), show(div(rat(n), rat(p))), show(div(mul(rat(p), rat(n)), rat(10)))].filter((o) => !o.startsWith("-")),
		fallbacks: [show(mul(answer, rat(2))), show(div(answer, rat(2))), show(sub(answer, rat(1))), show(sub(answer, rat(-1)))],
		explanation: `${p}% means ${p} out of 100, so ${p}% of ${n} = ${p} × ${n} ÷ 100 = ${show(answer)}.`,
		hints: ["Percent means 'out of 100'.", p % 10 === 0 ? `Find 10% of ${n} first.` : `Find 1% of ${n} first.`],
		standards: [ccss(grade >= 7 ? "7.RP.A.3" : "6.RP.A.3c")],
	};
}

function gcdInt(a: number, b: number): number {
	while (b) [a, b] = [b, a % b];
	return a;
}
