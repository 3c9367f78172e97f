import { ccss, type MathTopic } from "../item.js";
import { formatFraction, gcd, rat } from "../rational.js";
import { assert, byDifficulty, distinct, whichIsExtreme } from "./util.js";

const CLUSTER = "Number and Operations—Fractions";

/**
 * Which fraction equals a/b. Misconceptions: adding the same number to top and bottom,
 * scaling only one part, and the reciprocal.
 */
export const fractionEquivalenceTopic: MathTopic = {
	id: "fractions-equivalent",
	title: "Equivalent fractions",
	cluster: CLUSTER,
	standards: ["3.NF.A.3b", "4.NF.A.1"],
	grades: { min: 3, max: 5 },
	keywords: ["equivalent fractions", "equivalent fraction", "equal fractions", "simplify fractions", "simplifying fractions", "lowest terms", "fractions", "fraction"],
	range: (grade, difficulty) => ({ min: 0, max: grade === 3 ? 24 : byDifficulty(difficulty, [36, 60, 100]) }),
	generate(rng, { grade, difficulty }) {
		const dens = grade === 3 ? [2, 3, 4, 6, 8] : byDifficulty(difficulty, [[2, 3, 4, 5, 6], [2, 3, 4, 5, 6, 8, 10, 12], [3, 4, 5, 6, 7, 8, 9, 10, 12]]);
		const b = rng.pick(dens);
		const a = rng.int(1, b - 1);
		assert(gcd(a, b) === 1, "start in lowest terms");
		const k = rng.int(2, grade === 3 ? 3 : byDifficulty(difficulty, [4, 5, 8]));
		const answer = `${a * k}/${b * k}`;
		return {
			text: `Which fraction is equivalent to ${a}/${b}?`,
			answer,
			distractors: [`${a + k}/${b + k}`, `${a * k}/${b}`, `${a}/${b * k}`, `${b * k}/${a * k}`, `${a * k + 1}/${b * k}`].filter((f) => f !== answer),
			fallbacks: [`${a * k - 1}/${b * k}`, `${a * k}/${b * k + 1}`, `${a * k + 2}/${b * k}`],
			explanation: `Multiply the numerator and the denominator by the same number, ${k}: ${a} × ${k} = ${a * k} and ${b} × ${k} = ${b * k}, so ${a}/${b} = ${answer}.`,
			hints: ["Whatever you multiply the bottom by, multiply the top by the same.", "Draw both fractions as bars of the same length."],
			standards: [ccss(grade === 3 ? "3.NF.A.3b" : "4.NF.A.1")],
		};
	},
};

/**
 * Greatest/smallest of four fractions. Grade 3 compares with a common numerator or denominator
 * (3.NF.A.3d); later grades mix denominators. Misconception built in: a bigger denominator is
 * not a bigger fraction.
 */
export const fractionCompareTopic: MathTopic = {
	id: "fractions-compare",
	title: "Comparing and ordering fractions",
	cluster: CLUSTER,
	standards: ["3.NF.A.3d", "4.NF.A.2"],
	grades: { min: 3, max: 5 },
	keywords: ["compare fractions", "comparing fractions", "order fractions", "ordering fractions", "greater fraction", "fractions", "fraction"],
	range: (grade) => ({ min: 0, max: grade === 3 ? 8 : 12 }),
	generate(rng, { grade }) {
		const mode = grade === 3 ? rng.pick(["same-denominator", "same-numerator"] as const) : rng.pick(["same-denominator", "same-numerator", "mixed", "mixed"] as const);
		const maxDen = grade === 3 ? 8 : 12;
		const d = rng.int(5, maxDen);
		const n = rng.int(1, 4);
		const draw = (): [number, number] => {
			if (mode === "same-denominator") return [rng.int(1, d - 1), d];
			if (mode === "same-numerator") return [n, rng.int(n + 1, maxDen)];
			const den = rng.int(2, maxDen);
			return [rng.int(1, den - 1), den];
		};
		const pairs = distinct(rng, 4, draw, ([p, q]) => formatFraction(rat(p, q)));
		assert(pairs.every(([p, q]) => gcd(p, q) === 1 || mode !== "mixed"), "mixed denominators in lowest terms");
		const { word, ordered, answer, question } = whichIsExtreme(rng, pairs, (x, y) => x[0] * y[1] - y[0] * x[1], ([p, q]) => `${p}/${q}`);
		const why = mode === "same-denominator" ? "The parts are the same size, so more parts is more." : mode === "same-numerator" ? "The same number of parts: bigger denominators mean smaller parts." : "Compare each with a common denominator or with 1/2.";
		return {
			...question,
			explanation: `${why} From smallest to greatest: ${ordered.map(([p, q]) => `${p}/${q}`).join(", ")}. So the ${word} is ${answer}.`,
			hints: [mode === "same-numerator" ? "Is a fifth bigger or smaller than a third?" : "Think of each fraction as part of the same bar.", "A bigger denominator does not make a bigger fraction."],
			standards: [ccss(grade === 3 ? "3.NF.A.3d" : "4.NF.A.2")],
		};
	},
};
