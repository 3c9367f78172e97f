import { ccss, type MathTopic } from "../item.js";
import { assert, byDifficulty } from "./util.js";

/** `(x + 2)`, `(x - 3)`. */
const factor = (r: number): string => `(x ${r < 0 ? "-" : "+"} ${Math.abs(r)})`;
const poly = (b: number, c: number): string => `x^2${b === 0 ? "" : ` ${b < 0 ? "-" : "+"} ${Math.abs(b) === 1 ? "" : Math.abs(b)}x`} ${c < 0 ? "-" : "+"} ${Math.abs(c)}`;

/**
 * Factoring x² + bx + c. Misconceptions: the signs swapped, a factor pair that multiplies to c but
 * does not add to b, one sign wrong.
 */
export const quadraticsTopic: MathTopic = {
	id: "factoring-quadratics",
	title: "Factoring simple quadratics",
	cluster: "Seeing Structure in Expressions / Reasoning with Equations",
	standards: ["A.SSE.A.2", "A.SSE.B.3a", "A.REI.B.4b"],
	grades: { min: 9, max: 12 },
	keywords: ["factoring quadratics", "factor quadratics", "factoring", "factorising", "factorizing", "quadratics", "quadratic", "quadratic equations", "trinomials", "polynomials"],
	range: (_grade, difficulty) => ({ min: -byDifficulty(difficulty, [50, 100, 150]), max: byDifficulty(difficulty, [50, 100, 150]) }),
	generate(rng, { difficulty }) {
		const top = byDifficulty(difficulty, [6, 9, 12]);
		const p = rng.int(-top, top);
		const q = rng.int(-top, top);
		assert(p !== 0 && q !== 0 && p !== q && p !== -q, "two different non-opposite roots");
		const [b, c] = [p + q, p * q];
		// a different pair with the same product (or the same sum) as the real one
		const pairs: [number, number][] = [];
		for (let d = 1; d <= Math.abs(c); d++) if (c % d === 0) pairs.push([d, c / d], [-d, -c / d]);
		const impostor = pairs.find(([u, v]) => u + v !== b && !(u === p && v === q) && !(u === q && v === p)) ?? [p + 1, q - 1];
		const answer = `${factor(p)}${factor(q)}`;
		return {
			text: `Which is the factored form of ${poly(b, c)}?`,
			answer,
			distractors: [`${factor(-p)}${factor(-q)}`, `${factor(impostor[0])}${factor(impostor[1])}`, `${factor(-p)}${factor(q)}`, `${factor(p)}${factor(-q)}`],
			fallbacks: [`${factor(p + 1)}${factor(q)}`, `${factor(p)}${factor(q - 1)}`],
			explanation: `Find two numbers that multiply to ${c} and add to ${b}: ${p} and ${q} (${p} × ${q} = ${c}, ${p} ${q < 0 ? "-" : "+"} ${Math.abs(q)} = ${b}). So ${poly(b, c)} = ${answer}.`,
			hints: [`Which two numbers multiply to ${c}?`, `Of those, which pair adds to ${b}?`],
			standards: [ccss("A.SSE.A.2")],
		};
	},
};
