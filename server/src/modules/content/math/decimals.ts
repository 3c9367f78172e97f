import type { Rng } from "../random.js";
import type { Difficulty } from "../types.js";
import { ccss, type MathItem } from "./item.js";
import { formatDecimal, rat } from "./rational.js";

/** Comparing decimals (the "longer decimal is larger" misconception) or adding them. */
export function decimalQuestion(rng: Rng, grade: number, difficulty: Difficulty): MathItem {
	return rng.chance(0.5) ? compareDecimals(rng, grade, difficulty) : addDecimals(rng, grade, difficulty);
}

const dec = (scaled: number, places: number): string => formatDecimal(rat(scaled, 10 ** places)) ?? String(scaled);

/**
 * The greatest value is the shortest decimal; every wrong option has more digits but is
 * smaller, so a student who believes "more digits means bigger" picks one of them.
 */
function compareDecimals(rng: Rng, grade: number, difficulty: Difficulty): MathItem {
	const whole = grade <= 4 ? 0 : rng.int(0, difficulty === "easy" ? 3 : 9);
	const tenths = rng.int(3, 9);
	const answer = whole * 10 + tenths; // in tenths
	const longPlaces = grade <= 4 ? 2 : 3;
	const scale = 10 ** (longPlaces - 1);
	const distractors: string[] = [];
	const used = new Set<number>();
	while (distractors.length < 3) {
		// strictly below the answer, with more digits: (answer - 1) tenths + some extra digits
		const lowerTenths = answer - rng.int(1, Math.min(2, tenths));
		const extra = rng.int(1, scale - 1);
		if (extra % 10 === 0 && longPlaces > 2) continue;
		const scaled = lowerTenths * scale + extra;
		if (used.has(scaled)) continue;
		used.add(scaled);
		distractors.push(dec(scaled, longPlaces));
	}
	return {
		text: `Which number is the greatest: ${rng.shuffle([dec(answer, 1), ...distractors]).join(", ")}?`,
		answer: dec(answer, 1),
		distractors,
		fallbacks: [],
		explanation: `Compare place by place from the left: ${dec(answer, 1)} has the most tenths. More digits after the point does not make a decimal larger.`,
		hints: ["Line the numbers up by their decimal points.", "Compare the tenths digit before looking at the later digits."],
		standards: [ccss(grade <= 4 ? "4.NF.C.7" : "5.NBT.A.3b")],
	};
}

/**
 * Adding decimals with different numbers of places. Misconceptions: adding the digits after
 * the point as whole numbers (2.5 + 0.75 = 2.80), dropping the carry into the ones, and
 * misplacing the decimal point.
 */
function addDecimals(rng: Rng, grade: number, difficulty: Difficulty): MathItem {
	const maxWhole = grade <= 4 ? 9 : difficulty === "hard" ? 99 : 20;
	const aWhole = rng.int(0, maxWhole);
	const bWhole = rng.int(0, Math.min(maxWhole, 9));
	const aTenths = rng.int(1, 9);
	const bHundredths = rng.int(11, 99);
	const a = aWhole * 100 + aTenths * 10; // hundredths
	const b = bWhole * 100 + bHundredths;
	const sum = a + b;
	const naiveFraction = aTenths + bHundredths; // the digits after the point added as whole numbers
	const carried = aTenths * 10 + bHundredths >= 100;
	const distractors = [
		`${aWhole + bWhole}.${naiveFraction}`,
		carried ? dec(sum - 100, 2) : dec(sum + 100, 2),
		dec(sum * 10, 2),
		dec(sum, 3),
	];
	return {
		text: `What is ${dec(a, 2)} + ${dec(b, 2)}?`,
		answer: dec(sum, 2),
		distractors,
		fallbacks: [dec(sum + 10, 2), dec(sum - 10, 2), dec(sum + 1, 2), dec(sum - 1, 2)],
		explanation: `Line up the decimal points and write ${dec(a, 2)} as ${(a / 100).toFixed(2)}: ${(a / 100).toFixed(2)} + ${(b / 100).toFixed(2)} = ${(sum / 100).toFixed(2)}.`,
		hints: ["Write both numbers with the same number of decimal places.", "Line up the decimal points before adding."],
		standards: [ccss(grade >= 6 ? "6.NS.B.3" : "5.NBT.B.7")],
	};
}
