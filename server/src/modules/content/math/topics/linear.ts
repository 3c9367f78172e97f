import { ccss, type MathTopic } from "../item.js";
import { formatFraction, rat } from "../rational.js";
import { assert, byDifficulty, near, signed } from "./util.js";

const CLUSTER = "Expressions and Equations / Functions";
const line = (m: number, b: number): string => `${m === 1 ? "" : m === -1 ? "-" : m}x ${signed(b)}`;
const f = (n: number, d = 1): string => formatFraction(rat(n, d));

/** Slope from two points. Misconceptions: run over rise, subtracting in opposite orders, a dropped sign. */
export const slopeTopic: MathTopic = {
	id: "slope",
	title: "Slope of a line",
	cluster: CLUSTER,
	standards: ["8.EE.B.5", "8.EE.B.6", "8.F.B.4", "F.IF.B.6"],
	grades: { min: 8, max: 10 },
	keywords: ["slope", "gradient", "rate of change", "rise over run", "steepness", "slope of a line"],
	range: () => ({ min: -40, max: 40 }),
	generate(rng, { difficulty }) {
		const [x1, y1] = [rng.int(-9, 9), rng.int(-9, 9)];
		const run = rng.int(1, 6) * (rng.chance(0.3) ? -1 : 1);
		const m = rng.int(-4, 4);
		const fractional = difficulty === "hard" && rng.chance(0.5);
		const rise = fractional ? rng.int(-9, 9) : m * run;
		assert(rise !== 0 && Math.abs(rise) !== Math.abs(run), "a slope other than 0 and ±1");
		const [x2, y2] = [x1 + run, y1 + rise];
		const answer = f(rise, run);
		return {
			text: `What is the slope of the line through (${x1}, ${y1}) and (${x2}, ${y2})?`,
			answer,
			distractors: [f(run, rise), f(-rise, run), f(y2 + y1, x2 + x1 || 1), f(rise + 1, run)],
			// one unit of slope either way keeps the shape of the answer (whole or fraction)
			fallbacks: [f(rise + run, run), f(rise - run, run), f(rise - 1, run), f(rise + 2, run), f(rise + 2 * run, run)],
			explanation: `Slope = change in y ÷ change in x = (${y2} - ${y1 < 0 ? `(${y1})` : y1}) ÷ (${x2} - ${x1 < 0 ? `(${x1})` : x1}) = ${rise} ÷ ${run} = ${answer}.`,
			hints: ["Slope is rise over run: the change in y divided by the change in x.", "Subtract the coordinates in the same order, top and bottom."],
			standards: [ccss("8.F.B.4")],
		};
	},
};

/** Evaluating y = mx + b and reading the intercept. Misconceptions: the slope as the intercept, the sign of b, forgetting to multiply. */
export const linearFunctionsTopic: MathTopic = {
	id: "linear-functions",
	title: "Linear functions (y = mx + b)",
	cluster: CLUSTER,
	standards: ["8.F.A.1", "8.F.B.4", "F.IF.A.2", "F.LE.A.2"],
	grades: { min: 8, max: 12 },
	keywords: ["linear functions", "linear function", "y = mx + b", "slope-intercept", "slope intercept", "y-intercept", "functions", "function", "graphing lines", "linear relationships"],
	range: (_grade, difficulty) => ({ min: -byDifficulty(difficulty, [60, 150, 300]), max: byDifficulty(difficulty, [60, 150, 300]) }),
	generate(rng, { grade, difficulty }) {
		const top = byDifficulty(difficulty, [5, 9, 15]);
		const m = rng.int(-top, top);
		const b = rng.int(-top * 2, top * 2);
		assert(m !== 0 && b !== 0 && Math.abs(m) !== 1 && m !== b, "a real slope and intercept");
		const code = grade >= 9 ? "F.IF.A.2" : "8.F.A.1";
		if (rng.chance(0.3)) {
			return {
				text: `What is the y-intercept of y = ${line(m, b)}?`,
				answer: String(b),
				distractors: [String(m), String(-b), String(m + b)],
				fallbacks: near(b, [1, -1, 2, -2]),
				explanation: `In y = mx + b the y-intercept is b, the value of y when x = 0: y = ${m} × 0 ${signed(b)} = ${b}.`,
				hints: ["The y-intercept is where the line crosses the y-axis.", "Put x = 0."],
				standards: [ccss(grade >= 9 ? "F.LE.A.2" : "8.F.B.4")],
			};
		}
		const x = rng.int(-6, 8);
		assert(x !== 0 && x !== 1, "x = 0 or 1 hides the mistakes");
		const answer = m * x + b;
		return {
			text: `For y = ${line(m, b)}, what is y when x = ${x}?`,
			answer: String(answer),
			distractors: [String(m + x + b), String(m * x - b), String(m * (x + b))],
			fallbacks: near(answer, [1, -1, m, -m]),
			explanation: `Put ${x} in for x: y = ${m} × ${x < 0 ? `(${x})` : x} ${signed(b)} = ${m * x} ${signed(b)} = ${answer}.`,
			hints: [`${m}x means ${m} × x.`, "Multiply first, then add the intercept."],
			standards: [ccss(code)],
		};
	},
};

/** Two linear equations in two unknowns with a whole-number solution. Misconceptions: x and y swapped, a sign slip in elimination. */
export const systemsTopic: MathTopic = {
	id: "systems-of-equations",
	title: "Systems of two linear equations",
	cluster: "Expressions and Equations / Reasoning with Equations and Inequalities",
	standards: ["8.EE.C.8", "A.REI.C.6"],
	grades: { min: 8, max: 12 },
	keywords: ["systems of equations", "system of equations", "simultaneous equations", "systems of linear equations", "two equations", "elimination", "substitution method", "systems"],
	range: () => ({ min: -150, max: 150 }),
	generate(rng, { grade, difficulty }) {
		const top = byDifficulty(difficulty, [1, 3, 5]);
		const [x, y] = [rng.int(-8, 10), rng.int(-8, 10)];
		assert(x !== y && x !== -y, "swapping x and y must change the answer");
		const [a, b] = [rng.int(1, top), rng.int(1, top) * (rng.chance(0.5) ? -1 : 1)];
		const [c, d] = [rng.int(1, top + 1), rng.int(1, top + 1) * (rng.chance(0.5) ? -1 : 1)];
		assert(a * d - b * c !== 0, "one solution");
		const eq = (p: number, q: number) => `${p === 1 ? "" : p}x ${q < 0 ? "-" : "+"} ${Math.abs(q) === 1 ? "" : Math.abs(q)}y = ${p * x + q * y}`;
		const pair = (p: number, q: number) => `(${p}, ${q})`;
		return {
			text: `Solve the system: ${eq(a, b)} and ${eq(c, d)}. What is (x, y)?`,
			answer: pair(x, y),
			distractors: [pair(y, x), pair(-x, y), pair(x, -y), pair(-x, -y)],
			fallbacks: [pair(x + 1, y), pair(x, y + 1), pair(x - 1, y - 1)],
			explanation: `Check both equations with x = ${x}, y = ${y}: ${a} × ${x} ${signed(b)} × ${y} = ${a * x + b * y} and ${c} × ${x} ${signed(d)} × ${y} = ${c * x + d * y}. Both are true, so (x, y) = ${pair(x, y)}.`,
			hints: ["Add or subtract the equations to eliminate one variable.", "Check your answer in BOTH equations."],
			standards: [ccss(grade >= 9 ? "A.REI.C.6" : "8.EE.C.8")],
		};
	},
};
