import { ccss, type MathTopic } from "../item.js";
import { div, formatDecimal, formatFraction, mul, rat, sub, type Rational } from "../rational.js";
import { byDifficulty } from "./util.js";

const CLUSTER = "Ratios and Proportional Relationships";
const show = (r: Rational): string => formatDecimal(r) ?? formatFraction(r);
const gcdInt = (a: number, b: number): number => (b ? gcdInt(b, a % b) : a);

/** p% of n. Misconceptions: p taken as units (n - p), n ÷ p, and the point moved the wrong way (p × n ÷ 10). */
export const percentOfTopic: MathTopic = {
	id: "percent-of-a-number",
	title: "Percent of a number",
	cluster: CLUSTER,
	standards: ["6.RP.A.3c", "7.RP.A.3"],
	grades: { min: 6, max: 8 },
	keywords: ["percent of", "percentage of", "percent", "percents", "percentage", "percentages", "%"],
	range: (grade) => ({ min: 0, max: grade === 6 ? 2000 : 8000 }),
	generate(rng, { grade, difficulty }) {
		const p = byDifficulty(difficulty, [rng.pick([10, 20, 25, 50, 75]), rng.int(1, 19) * 5, rng.int(1, 19) * 5 + (grade >= 7 ? rng.pick([0, 2, 3]) : 0)]);
		const step = 100 / gcdInt(p, 100);
		const n = step * rng.int(1, Math.max(1, Math.floor((grade === 6 ? 200 : 800) / step)));
		const answer = div(mul(rat(p), rat(n)), rat(100));
		return {
			text: `What is ${p}% of ${n}?`,
			answer: show(answer),
			distractors: [show(sub(rat(n), rat(p))), show(div(rat(n), rat(p))), show(div(mul(rat(p), rat(n)), rat(10)))].filter((o) => !o.startsWith("-")),
			fallbacks: [show(mul(answer, rat(2))), show(div(answer, rat(2))), show(sub(answer, rat(1))), show(sub(answer, rat(-1))), show(sub(answer, rat(-10)))],
			explanation: `${p}% means ${p} out of 100, so ${p}% of ${n} = ${p} × ${n} ÷ 100 = ${show(answer)}.`,
			hints: ["Percent means 'out of 100'.", p % 10 === 0 ? `Find 10% of ${n} first.` : `Find 1% of ${n} first.`],
			standards: [ccss(grade >= 7 ? "7.RP.A.3" : "6.RP.A.3c")],
		};
	},
};
