import { ccss, type MathTopic } from "../item.js";
import { dec } from "./decimals.js";
import { assert, byDifficulty } from "./util.js";

/** Rounding whole numbers. Misconceptions: rounding the wrong way, rounding to the wrong place, truncating. */
export const roundWholeTopic: MathTopic = {
	id: "rounding-whole-numbers",
	title: "Rounding whole numbers",
	cluster: "Number and Operations in Base Ten",
	standards: ["3.NBT.A.1", "4.NBT.A.3"],
	grades: { min: 3, max: 4 },
	keywords: ["rounding", "round", "nearest ten", "nearest hundred", "nearest thousand", "estimate", "estimating"],
	range: (grade, difficulty) => ({ min: 0, max: grade === 3 ? 1000 : byDifficulty(difficulty, [10_000, 100_000, 1_000_000]) }),
	generate(rng, { grade, range }) {
		const places = grade === 3 ? ["ten", "hundred"] : ["ten", "hundred", "thousand"];
		const place = rng.pick(places);
		const unit = { ten: 10, hundred: 100, thousand: 1000 }[place]!;
		const n = rng.int(unit + 1, range.max - unit);
		assert(n % unit !== 0, "already round");
		const down = Math.floor(n / unit) * unit;
		const answer = n - down >= unit / 2 ? down + unit : down;
		const other = answer === down ? down + unit : down;
		const wrongPlace = Math.round(n / (unit === 10 ? 100 : unit / 10)) * (unit === 10 ? 100 : unit / 10);
		return {
			text: `What is ${n} rounded to the nearest ${place}?`,
			answer: String(answer),
			distractors: [other, wrongPlace, down === answer ? down - unit : down].filter((v) => v > 0).map(String),
			fallbacks: [String(answer + unit * 2), String(answer - unit * 2), String(answer + unit * 10)],
			explanation: `${n} is between ${down} and ${down + unit}. The digit after the ${place}s place is ${Math.floor((n % unit) / (unit / 10))}, so it rounds ${answer === down ? "down" : "up"} to ${answer}.`,
			hints: [`Which two multiples of ${unit} is ${n} between?`, "Look at the next digit to the right: 5 or more rounds up."],
			standards: [ccss(grade === 3 ? "3.NBT.A.1" : "4.NBT.A.3")],
		};
	},
};

/** Rounding decimals. Misconceptions: truncating, rounding to the wrong place. */
export const roundDecimalTopic: MathTopic = {
	id: "rounding-decimals",
	title: "Rounding decimals",
	cluster: "Number and Operations in Base Ten (decimals)",
	standards: ["5.NBT.A.4"],
	grades: { min: 5, max: 6 },
	keywords: ["rounding decimals", "round decimals", "rounding", "round", "nearest tenth", "nearest hundredth", "nearest whole number", "decimals", "decimal"],
	range: () => ({ min: 0, max: 100 }),
	generate(rng, { difficulty }) {
		const place = rng.pick(byDifficulty(difficulty, [["whole number", "tenth"], ["whole number", "tenth", "hundredth"], ["tenth", "hundredth"]] as const));
		const p = { "whole number": 0, tenth: 1, hundredth: 2 }[place];
		const places = p + rng.int(1, 2);
		const scaled = rng.int(10 ** places, 99 * 10 ** places);
		const text = dec(scaled, places);
		assert((text.split(".")[1]?.length ?? 0) === places, "trailing zero");
		const unit = 10 ** (places - p);
		const down = Math.floor(scaled / unit) * unit;
		const up = down + unit;
		const answerScaled = scaled - down >= unit / 2 ? up : down;
		const otherScaled = answerScaled === down ? up : down;
		const wrongPlace = p > 0 ? Math.round(scaled / (unit * 10)) * unit * 10 : Math.round(scaled / (unit / 10)) * (unit / 10);
		const out = (v: number) => (p === 0 ? String(v / 10 ** places) : Number(v / 10 ** places).toFixed(p));
		assert(out(answerScaled) !== out(otherScaled), "degenerate");
		return {
			text: `What is ${text} rounded to the nearest ${place}?`,
			answer: out(answerScaled),
			distractors: [out(otherScaled), p === 0 ? String(Math.round(wrongPlace) / 10 ** places) : out(wrongPlace), out(answerScaled + 2 * unit), out(answerScaled - 2 * unit)],
			fallbacks: [out(answerScaled + 3 * unit), out(answerScaled + 10 * unit)],
			explanation: `${text} is between ${out(down)} and ${out(up)}. The next digit is ${Math.floor((scaled % unit) / (unit / 10))}, so it rounds ${answerScaled === down ? "down" : "up"} to ${out(answerScaled)}.`,
			hints: [`Find the ${place} place, then look one digit to the right.`, "5 or more rounds up; 4 or less rounds down."],
			standards: [ccss("5.NBT.A.4")],
		};
	},
};
