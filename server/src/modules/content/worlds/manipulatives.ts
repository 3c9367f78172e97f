import type { Rng } from "../random.js";
import type { Difficulty, Question } from "../types.js";

/**
 * Maths manipulatives, generated (always correct, seedable, grade-fitted): a number line with
 * equally spaced marks where the player puts a marker on a value, and a fraction bar split into
 * equal parts where the player shades a fraction. Only the line's ends are labelled, so finding
 * the mark is the maths (counting steps of 1/4, converting 0.75 or 6/8); the options are the
 * marks left to right ("Mark 1 (0)" .. "Mark 5 (1)") or the number of parts, in that natural
 * order: showing them in order tells nothing about which is right.
 */
export type Draft = Omit<Question, "id" | "points">;

export function numberLineQuestion(grade: number, rng: Rng, difficulty: Difficulty): Draft {
	const line = lineFor(grade, rng, difficulty);
	const marks = line.steps + 1;
	const target = rng.int(1, marks - 2);
	const value = (i: number) => line.min + i * line.step;
	const options = Array.from({ length: marks }, (_, i) => `Mark ${i + 1}${i === 0 || i === marks - 1 ? ` (${line.show(value(i))})` : ""}`);
	const shown = line.target(target);
	return {
		kind: "number_line",
		text: `A number line goes from ${line.show(value(0))} to ${line.show(value(marks - 1))} with ${marks} equally spaced marks. Put the marker on ${shown}.`,
		options,
		correct: target,
		explanation: `Each step between marks is ${line.show(line.step, true)}. ${shown} is ${target} step${target === 1 ? "" : "s"} from ${line.show(value(0))}, so it is mark ${target + 1}.`,
		hints: [`Each step between two marks is ${line.show(line.step, true)}.`, `Count the steps from ${line.show(value(0))}.`],
		difficulty,
		standards: [{ system: "CCSS", code: line.standard }],
	};
}

export function fractionBarQuestion(grade: number, rng: Rng, difficulty: Difficulty): Draft {
	const bar = barFor(grade, rng, difficulty);
	const shaded = (bar.parts * bar.numerator) / bar.denominator;
	const options = Array.from({ length: bar.parts }, (_, i) => `${i + 1} part${i === 0 ? "" : "s"}`);
	return {
		kind: "fraction_bar",
		text: `This bar is split into ${bar.parts} equal parts. Shade ${bar.name} of it.`,
		options,
		correct: shaded - 1,
		explanation: `${bar.parts} parts make the whole bar, so ${bar.name} of it is ${shaded} part${shaded === 1 ? "" : "s"}${bar.parts === bar.denominator ? "" : ` (${bar.numerator}/${bar.denominator} = ${shaded}/${bar.parts})`}.`,
		hints: [`The whole bar is ${bar.parts} parts.`, bar.parts === bar.denominator ? `Shade ${bar.numerator} of the ${bar.parts} parts.` : `How many parts make 1/${bar.denominator} of the bar?`],
		difficulty,
		standards: [{ system: "CCSS", code: bar.standard }],
	};
}

interface Line {
	min: number;
	step: number;
	steps: number;
	standard: string;
	/** How a mark's value (or the step, `asStep`) is written on the line. */
	show(value: number, asStep?: boolean): string;
	/** How the value at mark `i` is asked for (may be an equivalent form). */
	target(i: number): string;
}

function lineFor(grade: number, rng: Rng, difficulty: Difficulty): Line {
	const whole = (min: number, step: number, steps: number, standard: string): Line => ({
		min,
		step,
		steps,
		standard,
		show: (v) => String(v),
		target: (i) => String(min + i * step),
	});
	if (grade <= 1) return whole(0, rng.pick([1, 2]), 5, "1.NBT.B.3");
	if (grade === 2) return whole(0, rng.pick([5, 10, 20]), 5, "2.MD.B.6");
	if (grade <= 5) {
		const d = grade === 3 ? rng.pick([2, 3, 4, 5]) : rng.pick([4, 5]);
		const fraction = (n: number) => (n === 0 ? "0" : n === d ? "1" : `${n}/${d}`);
		const line: Line = { min: 0, step: 1 / d, steps: d, standard: "3.NF.A.2", show: (v, asStep) => (asStep ? `1/${d}` : fraction(Math.round(v * d))), target: (i) => fraction(i) };
		if (grade === 3 || difficulty === "easy") return line;
		// Grade 4-5: the value is asked in another form, an equivalent fraction or a decimal.
		if (d === 5 || grade === 5) {
			return { ...line, standard: "4.NF.C.6", target: (i) => decimal(i / d) };
		}
		return { ...line, standard: "4.NF.A.1", target: (i) => `${i * 2}/${d * 2}` };
	}
	if (grade <= 6 || difficulty === "easy") {
		const min = rng.pick([-5, -10]);
		const step = min === -5 ? 2 : 4;
		return whole(min, step, 5, "6.NS.C.6");
	}
	// Grade 7+: rational numbers either side of 0, asked as a fraction or a decimal.
	return {
		min: -1,
		step: 0.5,
		steps: 4,
		standard: "7.NS.A.1",
		show: (v, asStep) => (asStep ? "1/2" : decimal(v)),
		target: (i) => (rng.chance(0.5) ? decimal(-1 + i * 0.5) : halves(-2 + i)),
	};
}

const decimal = (v: number): string => String(Math.round(v * 1000) / 1000);
const halves = (n: number): string => (n === 0 ? "0" : n % 2 === 0 ? String(n / 2) : `${n < 0 ? "-" : ""}${Math.abs(n)}/2`);

interface Bar {
	parts: number;
	numerator: number;
	denominator: number;
	name: string;
	standard: string;
}

const WORDS: Record<string, string> = { "1/2": "half", "1/4": "a quarter", "3/4": "three quarters", "1/3": "a third", "2/3": "two thirds" };

function barFor(grade: number, rng: Rng, difficulty: Difficulty): Bar {
	if (grade <= 2) {
		// Before fraction notation (3.NF): halves, thirds and fourths in words (1.G.A.3, 2.G.A.3).
		const choices: [number, number, number][] = grade === 1 ? [[1, 2, 2], [1, 2, 4], [1, 4, 4]] : [[1, 2, 4], [1, 3, 3], [2, 3, 3], [3, 4, 4], [1, 2, 6]];
		const [numerator, denominator, parts] = rng.pick(choices);
		return { parts, numerator, denominator, name: WORDS[`${numerator}/${denominator}`], standard: grade === 1 ? "1.G.A.3" : "2.G.A.3" };
	}
	if (grade === 3 || difficulty === "easy") {
		const denominator = rng.pick([2, 3, 4, 6]);
		const numerator = rng.int(1, denominator - 1);
		return { parts: denominator, numerator, denominator, name: `${numerator}/${denominator}`, standard: "3.NF.A.1" };
	}
	// Grade 4+: an equivalent fraction on a bar with more parts (4.NF.A.1).
	const [denominator, parts] = rng.pick<[number, number]>([
		[2, 4],
		[2, 6],
		[3, 6],
	]);
	const numerator = rng.int(1, denominator - 1);
	return { parts, numerator, denominator, name: `${numerator}/${denominator}`, standard: "4.NF.A.1" };
}
