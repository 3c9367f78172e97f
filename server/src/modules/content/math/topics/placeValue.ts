import type { Rng } from "../../random.js";
import { ccss, type MathItem, type MathTopic } from "../item.js";
import { dec } from "./decimals.js";
import { assert, byDifficulty, near, ordinalPlace } from "./util.js";

/**
 * The value of a digit, and 10 or 100 more or less. Misconceptions: the face value of the digit,
 * the value one place off, and changing the ones instead of the tens.
 */
export const placeValueTopic: MathTopic = {
	id: "place-value",
	title: "Place value of whole numbers",
	cluster: "Number and Operations in Base Ten",
	standards: ["1.NBT.B.2", "1.NBT.C.5", "2.NBT.A.1", "2.NBT.B.8", "4.NBT.A.1", "4.NBT.A.2"],
	grades: { min: 1, max: 4 },
	keywords: ["place value", "tens and ones", "hundreds", "value of the digit", "digit", "10 more", "10 less", "ten more", "ten less", "100 more", "100 less", "expanded form", "base ten"],
	range: (grade, difficulty) => ({ min: 0, max: [0, 120, 1000, 10_000, byDifficulty(difficulty, [10_000, 100_000, 1_000_000])][grade] }),
	generate(rng, { grade, range }) {
		return rng.chance(0.5) ? digitValue(rng, range.max) : moreOrLess(rng, grade, range.max);
	},
};

function digitValue(rng: Rng, max: number): MathItem {
	const n = rng.int(Math.max(10, Math.floor(max / 10)), max - 1);
	const digits = String(n);
	const unique = [...digits].map((d, i) => ({ d, i })).filter(({ d }) => d !== "0" && digits.split(d).length === 2);
	assert(unique.length > 0, "needs a digit that appears once");
	const { d, i } = rng.pick(unique);
	const power = digits.length - 1 - i;
	const value = Number(d) * 10 ** power;
	return {
		text: `What is the value of the digit ${d} in ${n}?`,
		answer: String(value),
		distractors: [String(Number(d)), String(value * 10), String(value / 10), String(Number(d) * 10 ** (digits.length - 1 - power))].filter((o) => Number.isInteger(Number(o))),
		fallbacks: [String(value * 100), String(Number(d) + 10 ** power), String(value + 1)],
		explanation: `In ${n} the ${d} is in the ${ordinalPlace[power]} place, so it is worth ${d} × ${10 ** power} = ${value}.`,
		hints: ["Name the place of each digit, starting from the ones on the right.", `How many ${ordinalPlace[power]} does the ${d} stand for?`],
		standards: [ccss(max <= 120 ? "1.NBT.B.2" : max <= 1000 ? "2.NBT.A.1" : "4.NBT.A.2")],
	};
}

function moreOrLess(rng: Rng, grade: number, max: number): MathItem {
	const step = grade <= 1 ? 10 : rng.pick([10, 100]);
	const more = rng.chance(0.5);
	const n = more ? rng.int(step, max - step) : rng.int(step, max);
	const answer = more ? n + step : n - step;
	return {
		text: `What is ${step} ${more ? "more" : "less"} than ${n}?`,
		answer: String(answer),
		distractors: [String(more ? n + 1 : n - 1), String(more ? n + step * 10 : n - step * 10), String(more ? n - step : n + step)].filter((o) => Number(o) >= 0),
		fallbacks: near(answer, [1, -1, step / 10 + 1, 2, -2]),
		explanation: `${step} ${more ? "more" : "less"} changes only the ${step === 10 ? "tens" : "hundreds"} digit: ${n} ${more ? "+" : "-"} ${step} = ${answer}.`,
		hints: [`Which digit shows the ${step === 10 ? "tens" : "hundreds"}?`, `Change that digit by one.`],
		standards: [ccss(grade <= 1 ? "1.NBT.C.5" : "2.NBT.B.8")],
	};
}

/** Decimal place value: the value of a digit after the point. Misconception: reading tenths as tens. */
export const decimalPlaceValueTopic: MathTopic = {
	id: "decimals-place-value",
	title: "Decimal place value",
	cluster: "Number and Operations in Base Ten (decimals)",
	standards: ["4.NF.C.6", "5.NBT.A.1", "5.NBT.A.3a"],
	grades: { min: 4, max: 6 },
	keywords: ["decimal place value", "place value", "tenths", "hundredths", "thousandths", "decimal", "decimals", "value of the digit"],
	range: (grade) => ({ min: 0, max: grade === 4 ? 100 : 1000 }),
	generate(rng, { grade }) {
		const places = grade === 4 ? 2 : 3;
		const scaled = rng.int(10 ** places + 1, 100 * 10 ** places - 1);
		assert(scaled % 10 !== 0, "the last place must show a digit");
		const text = dec(scaled, places);
		const [whole, part] = text.split(".");
		const digits = whole + part;
		const candidates = [...part].map((d, i) => ({ d, i })).filter(({ d }) => d !== "0" && digits.split(d).length === 2);
		assert(candidates.length > 0, "needs a decimal digit that appears once");
		const { d, i } = rng.pick(candidates);
		const value = dec(Number(d), i + 1);
		const names = ["tenths", "hundredths", "thousandths"];
		return {
			text: `What is the value of the digit ${d} in ${text}?`,
			answer: value,
			distractors: [dec(Number(d), i + 2), dec(Number(d), Math.max(1, i)), dec(Number(d) * 11, i + 2), dec(Number(d), i + 3)],
			fallbacks: [dec(Number(d) + 1, i + 1), dec(Number(d) * 3, i + 2)],
			explanation: `The ${d} is ${i + 1} place${i ? "s" : ""} after the point, in the ${names[i]} place, so it is worth ${d} ${names[i]} = ${value}.`,
			hints: ["The first place after the point is tenths, then hundredths, then thousandths.", "Each place is worth one tenth of the place to its left."],
			standards: [ccss(grade === 4 ? "4.NF.C.6" : "5.NBT.A.1")],
		};
	},
};
