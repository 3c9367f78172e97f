import { ccss, type MathTopic } from "../item.js";
import { formatFraction, rat } from "../rational.js";
import { assert, byDifficulty } from "./util.js";

const COLOURS = ["red", "blue", "green", "yellow"];
const f = (n: number, d: number): string => formatFraction(rat(n, d));

/** Simple probability as a fraction. Misconceptions: part to part (odds), one over the number of colours, the complement. */
export const probabilityTopic: MathTopic = {
	id: "probability",
	title: "Simple probability",
	cluster: "Statistics and Probability",
	standards: ["7.SP.C.5", "7.SP.C.7a", "S.CP.A.1"],
	grades: { min: 7, max: 12 },
	keywords: ["probability", "chance", "likelihood", "likely", "outcomes", "dice", "die", "marbles", "random", "events", "sample space"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [12, 30, 60]) }),
	generate(rng, { grade, difficulty }) {
		if (rng.chance(0.3)) {
			const greater = rng.chance(0.5);
			const k = greater ? rng.int(1, 4) : rng.int(3, 6);
			const ways = greater ? 6 - k : k - 1;
			return {
				text: `You roll a fair six-sided die. What is the probability of rolling a number ${greater ? "greater" : "less"} than ${k}?`,
				answer: f(ways, 6),
				distractors: [f(6 - ways, 6), f(ways + 1, 6), f(ways, 6 - ways), f(1, 6)],
				fallbacks: [f(ways - 1 || 5, 6), f(ways, 12), f(ways + 2, 12)],
				explanation: `${ways} of the 6 equally likely faces work (${[1, 2, 3, 4, 5, 6].filter((n) => (greater ? n > k : n < k)).join(", ")}), so the probability is ${ways}/6${f(ways, 6) !== `${ways}/6` ? `, which simplifies to ${f(ways, 6)}` : ""}.`,
				hints: ["List the outcomes that count.", "Probability = favourable outcomes ÷ all outcomes."],
				standards: [ccss(grade >= 9 ? "S.CP.A.1" : "7.SP.C.7a")],
			};
		}
		const colours = rng.shuffle(COLOURS).slice(0, 3);
		const counts = colours.map(() => rng.int(1, byDifficulty(difficulty, [4, 9, 15])));
		const total = counts.reduce((s, n) => s + n, 0);
		const i = rng.int(0, 2);
		const n = counts[i];
		assert(n !== total - n, "odds and complement must differ from the answer");
		return {
			text: `A bag has ${counts[0]} ${colours[0]}, ${counts[1]} ${colours[1]} and ${counts[2]} ${colours[2]} marbles. You pick one without looking. What is the probability that it is ${colours[i]}?`,
			answer: f(n, total),
			distractors: [f(n, total - n), f(1, 3), f(total - n, total), f(n + 1, total)],
			fallbacks: [f(n, total + 1), f(n - 1 || 2, total), f(n + 2, total)],
			explanation: `${n} of the ${total} marbles are ${colours[i]}, so the probability is ${n}/${total}${f(n, total) !== `${n}/${total}` ? `, which simplifies to ${f(n, total)}` : ""}.`,
			hints: ["Count all the marbles first.", `Probability = ${colours[i]} marbles ÷ all marbles.`],
			standards: [ccss(grade >= 9 ? "S.CP.A.1" : "7.SP.C.7a")],
		};
	},
};
