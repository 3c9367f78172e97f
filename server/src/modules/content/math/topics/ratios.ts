import { ccss, type MathTopic } from "../item.js";
import { byDifficulty, near } from "./util.js";

const CLUSTER = "Ratios and Proportional Relationships";
const THINGS: [string, string][] = [["pencils", "pens"], ["cats", "dogs"], ["girls", "boys"], ["apples", "oranges"], ["stars", "moons"]];

/** Equivalent ratios. Misconceptions: adding the difference instead of scaling, swapping the ratio. */
export const ratioTopic: MathTopic = {
	id: "ratios",
	title: "Ratios and equivalent ratios",
	cluster: CLUSTER,
	standards: ["6.RP.A.1", "6.RP.A.3a"],
	grades: { min: 6, max: 7 },
	keywords: ["ratio", "ratios", "equivalent ratios", "ratio tables", "proportion", "proportions", "proportional"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [60, 150, 300]) }),
	generate(rng, { difficulty }) {
		const [x, y] = rng.pick(THINGS);
		const a = rng.int(1, byDifficulty(difficulty, [5, 9, 12]));
		const b = rng.int(1, byDifficulty(difficulty, [5, 9, 12]));
		const k = rng.int(2, byDifficulty(difficulty, [6, 10, 15]));
		const answer = b * k;
		const added = b + (a * k - a);
		return {
			text: `The ratio of ${x} to ${y} is ${a}:${b}. If there are ${a * k} ${x}, how many ${y} are there?`,
			answer: String(answer),
			// adding the same amount to both parts; copying the given number; one group too many or too few
			distractors: [String(added), String(a * k), String(answer + b), String(answer - b)],
			fallbacks: near(answer, [1, -1, k, -k, 2]),
			explanation: `${a * k} is ${k} times ${a}, so multiply the other part by ${k} too: ${b} × ${k} = ${answer} ${y}. (For every ${a} ${x} there are ${b} ${y}.)`,
			hints: [`How many times bigger than ${a} is ${a * k}?`, "Both parts of a ratio grow by the same factor."],
			standards: [ccss("6.RP.A.3a")],
		};
	},
};

/** Unit rates and unit prices. Misconceptions: dividing the wrong way, multiplying, subtracting. */
export const unitRateTopic: MathTopic = {
	id: "unit-rates",
	title: "Rates and unit rates",
	cluster: CLUSTER,
	standards: ["6.RP.A.2", "6.RP.A.3b", "7.RP.A.1"],
	grades: { min: 6, max: 7 },
	keywords: ["unit rate", "unit rates", "rate", "rates", "unit price", "speed", "miles per hour", "per hour", "best buy", "cost per"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [200, 600, 1000]) }),
	generate(rng, { difficulty }) {
		if (rng.chance(0.5)) {
			const hours = rng.int(2, byDifficulty(difficulty, [4, 6, 8]));
			const speed = rng.int(3, byDifficulty(difficulty, [12, 20, 30])) * 5;
			const distance = speed * hours;
			return {
				text: `A train travels ${distance} miles in ${hours} hours. How many miles does it travel per hour?`,
				answer: String(speed),
				distractors: [String(distance - hours), String(speed + 5), String(speed * 2), String(speed - 5)],
				fallbacks: near(speed, [10, -10, 1, -1]),
				explanation: `Miles per hour means miles ÷ hours: ${distance} ÷ ${hours} = ${speed} miles per hour.`,
				hints: ["A unit rate is how much for ONE hour.", "Divide the distance by the time."],
				standards: [ccss("6.RP.A.3b")],
			};
		}
		const n = rng.int(2, byDifficulty(difficulty, [5, 8, 12]));
		const unit = rng.int(1, byDifficulty(difficulty, [9, 15, 25]));
		const m = rng.int(2, byDifficulty(difficulty, [9, 15, 20]));
		const cost = unit * n;
		const answer = unit * m;
		return {
			text: `If ${n} notebooks cost $${cost}, how much do ${m} notebooks cost?`,
			answer: `$${answer}`,
			distractors: [`$${cost + (m - n)}`, `$${cost * m}`, `$${Math.abs(cost - m)}`, `$${answer + unit}`].filter((o) => o !== "$0"),
			fallbacks: [`$${answer - unit}`, `$${answer + 1}`, `$${answer + 2 * unit}`, `$${answer + 10}`],
			explanation: `One notebook costs $${cost} ÷ ${n} = $${unit}, so ${m} notebooks cost ${m} × $${unit} = $${answer}.`,
			hints: ["Find the price of one notebook first.", "Then multiply by how many you need."],
			standards: [ccss("6.RP.A.3b")],
		};
	},
};
