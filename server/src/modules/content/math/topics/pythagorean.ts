import { ccss, type MathTopic } from "../item.js";
import { byDifficulty, near } from "./util.js";

const TRIPLES: [number, number, number][] = [[3, 4, 5], [5, 12, 13], [8, 15, 17], [7, 24, 25], [20, 21, 29], [9, 40, 41]];

/** Right triangles with whole sides. Misconceptions: adding the legs, a² + b² without the root, subtracting instead of adding. */
export const pythagoreanTopic: MathTopic = {
	id: "pythagorean-theorem",
	title: "The Pythagorean theorem",
	cluster: "Geometry",
	standards: ["8.G.B.7", "G.SRT.C.8"],
	grades: { min: 8, max: 12 },
	keywords: ["pythagorean theorem", "pythagoras", "pythagorean", "hypotenuse", "right triangle", "right triangles", "right-angled triangle", "missing side"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [200, 800, 3000]) }),
	generate(rng, { grade, difficulty }) {
		const [p, q, r] = rng.pick(TRIPLES.slice(0, byDifficulty(difficulty, [2, 4, 6])));
		const k = rng.int(1, byDifficulty(difficulty, [3, 4, 5]));
		const [a, b, c] = [p * k, q * k, r * k];
		const unit = rng.pick(["cm", "m", "feet"]);
		const code = grade >= 9 ? "G.SRT.C.8" : "8.G.B.7";
		if (rng.chance(0.5)) {
			return {
				text: `A right triangle has legs of ${a} ${unit} and ${b} ${unit}. How long is the hypotenuse in ${unit}?`,
				answer: String(c),
				distractors: [String(a + b), String(a * a + b * b), String(b - a + c === c ? c + 1 : b + 1)],
				fallbacks: near(c, [1, -1, 2, k]),
				explanation: `a² + b² = c²: ${a}² + ${b}² = ${a * a} + ${b * b} = ${c * c}, and √${c * c} = ${c}.`,
				hints: ["The hypotenuse is the longest side, opposite the right angle.", "Square the legs, add, then take the square root."],
				standards: [ccss(code)],
			};
		}
		return {
			text: `A right triangle has a hypotenuse of ${c} ${unit} and one leg of ${a} ${unit}. How long is the other leg in ${unit}?`,
			answer: String(b),
			distractors: [String(c - a), String(c * c - a * a), String(c + a)],
			fallbacks: near(b, [1, -1, 2, k]),
			explanation: `b² = c² - a² = ${c * c} - ${a * a} = ${b * b}, so b = √${b * b} = ${b}.`,
			hints: ["The hypotenuse squared equals the sum of the legs squared.", "Subtract the known leg's square from the hypotenuse's square."],
			standards: [ccss(code)],
		};
	},
};
