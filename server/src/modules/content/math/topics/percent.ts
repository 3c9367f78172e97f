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

/** Percent increase or decrease. Misconceptions: the change as a number, dividing by the new value, the wrong direction. */
export const percentChangeTopic: MathTopic = {
	id: "percent-change",
	title: "Percent increase and decrease",
	cluster: CLUSTER,
	standards: ["7.RP.A.3"],
	grades: { min: 7, max: 9 },
	keywords: ["percent change", "percent increase", "percent decrease", "percentage change", "percentage increase", "markup", "percent", "percentage"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [500, 1000, 2000]) }),
	generate(rng, { difficulty }) {
		const p = rng.pick(byDifficulty(difficulty, [[10, 20, 25, 50], [5, 10, 15, 20, 25, 30, 40, 50, 60, 75], [5, 12, 15, 35, 45, 60, 80, 120, 150]]));
		const step = 100 / gcdInt(p, 100);
		const a = step * rng.int(1, Math.max(1, Math.floor(byDifficulty(difficulty, [200, 400, 800]) / step)));
		const up = rng.chance(0.5) || p >= 100;
		const b = up ? a + (a * p) / 100 : a - (a * p) / 100;
		const change = Math.abs(b - a);
		const byNew = div(rat(change * 100), rat(b));
		return {
			text: `A price goes from $${a} to $${b}. What is the percent ${up ? "increase" : "decrease"}?`,
			answer: `${p}%`,
			distractors: [`${change}%`, byNew.d === 1 ? `${byNew.n}%` : `${p + 5}%`, `${100 - p > 0 ? 100 - p : p + 10}%`, `${p * 2}%`],
			fallbacks: [`${p + 10}%`, `${Math.max(1, p - 5)}%`, `${p + 1}%`],
			explanation: `The change is $${change}. Divide by the original price: ${change} ÷ ${a} = ${formatDecimal(rat(p, 100))}, which is ${p}%.`,
			hints: ["Find the amount of change first.", "Always divide by the ORIGINAL amount."],
			standards: [ccss("7.RP.A.3")],
		};
	},
};

/** Discounts. Misconceptions: the discount itself, subtracting the percent as dollars, adding tax-style. */
export const discountTopic: MathTopic = {
	id: "percent-discount",
	title: "Discounts and sale prices",
	cluster: CLUSTER,
	standards: ["7.RP.A.3"],
	grades: { min: 6, max: 8 },
	keywords: ["discount", "discounts", "sale price", "percent off", "% off", "sales tax", "markdown", "percent", "percentage"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [200, 500, 1000]) }),
	generate(rng, { difficulty }) {
		const d = rng.pick(byDifficulty(difficulty, [[10, 20, 25, 50], [10, 15, 20, 25, 30, 40, 60, 75], [5, 15, 35, 45, 65, 85]]));
		const step = 100 / gcdInt(d, 100);
		const price = step * rng.int(1, Math.max(1, Math.floor(byDifficulty(difficulty, [100, 300, 600]) / step)));
		const off = (price * d) / 100;
		const item = rng.pick(["jacket", "bike", "game", "backpack", "skateboard"]);
		return {
			text: `A ${item} costs $${price} and is on sale for ${d}% off. What is the sale price?`,
			answer: `$${price - off}`,
			distractors: [`$${off}`, `$${price - d}`, `$${price + off}`, `$${price - off - 1}`].filter((o) => !o.includes("-")),
			fallbacks: [`$${price - off + 1}`, `$${price - off + 5}`, `$${price - off - 5}`],
			explanation: `${d}% of $${price} is $${off}. Take it off the price: $${price} - $${off} = $${price - off}.`,
			hints: [`Find ${d}% of $${price} first.`, "The sale price is what is left after the discount."],
			standards: [ccss("7.RP.A.3")],
		};
	},
};
