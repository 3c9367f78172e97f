import { ccss, type MathTopic } from "../item.js";
import { assert, byDifficulty, signed } from "./util.js";

const term = (a: number): string => (a === 1 ? "x" : a === -1 ? "-x" : `${a}x`);
const FLIP: Record<string, string> = { "<": ">", ">": "<", "≤": "≥", "≥": "≤" };

/**
 * One-step (grade 6) and two-step (grade 7+) inequalities. Misconceptions: not flipping the sign
 * when dividing by a negative, flipping it when not needed, the sign error moving a constant.
 */
export const inequalitiesTopic: MathTopic = {
	id: "inequalities",
	title: "One- and two-step inequalities",
	cluster: "Expressions and Equations",
	standards: ["6.EE.B.8", "7.EE.B.4b", "A.REI.B.3"],
	grades: { min: 6, max: 9 },
	keywords: ["inequalities", "inequality", "greater than", "less than", "solve inequalities", "solving inequalities", "solution set"],
	range: (grade, difficulty) => ({ min: grade === 6 ? 0 : -250, max: byDifficulty(difficulty, [100, 200, 250]) }),
	generate(rng, { grade, difficulty }) {
		const op = rng.pick(["<", ">", "≤", "≥"]);
		const x = grade === 6 ? rng.int(1, 15) : rng.int(-10, 12);
		if (grade === 6) {
			const b = rng.int(1, 20);
			return {
				text: `Solve: x + ${b} ${op} ${x + b}`,
				answer: `x ${op} ${x}`,
				distractors: [`x ${op} ${x + 2 * b}`, `x ${FLIP[op]} ${x}`, `x ${op} ${x + b}`, `x ${FLIP[op]} ${x + 2 * b}`],
				fallbacks: [`x ${op} ${x + 1}`, `x ${op} ${x + 2}`],
				explanation: `Subtract ${b} from both sides, like an equation: x ${op} ${x + b} - ${b}, so x ${op} ${x}.`,
				hints: ["Solve it like an equation.", "Adding or subtracting does not change the direction of the sign."],
				standards: [ccss("6.EE.B.8")],
			};
		}
		let a = rng.int(2, byDifficulty(difficulty, [5, 9, 12]));
		if (difficulty !== "easy" && rng.chance(0.5)) a = -a;
		const b = rng.int(1, 20) * (rng.chance(0.5) ? -1 : 1);
		assert(x !== 0, "x = 0 hides the sign error");
		const c = a * x + b;
		const solved = a < 0 ? FLIP[op] : op;
		const unflipped = a < 0 ? op : FLIP[op];
		return {
			text: `Solve: ${term(a)} ${signed(b)} ${op} ${c}`,
			answer: `x ${solved} ${x}`,
			distractors: [`x ${unflipped} ${x}`, `x ${solved} ${-x}`, `x ${unflipped} ${-x}`, `x ${solved} ${c - b}`],
			fallbacks: [`x ${solved} ${x + 1}`, `x ${unflipped} ${x + 1}`, `x ${solved} ${x - 1}`],
			explanation: `${b < 0 ? `Add ${-b} to` : `Subtract ${b} from`} both sides: ${term(a)} ${op} ${c - b}. Divide by ${a}${a < 0 ? " and, because it is negative, flip the sign" : ""}: x ${solved} ${x}.`,
			hints: ["Undo the addition or subtraction first.", "Dividing or multiplying by a negative number flips the inequality sign."],
			standards: [ccss(difficulty === "hard" && grade >= 8 ? "A.REI.B.3" : "7.EE.B.4b")],
		};
	},
};
