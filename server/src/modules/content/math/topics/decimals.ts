import type { Rng } from "../../random.js";
import { ccss, type MathItem, type MathTopic, type TopicContext } from "../item.js";
import { formatDecimal, rat } from "../rational.js";
import { assert, byDifficulty, distinct, whichIsExtreme } from "./util.js";

const CLUSTER = "Number and Operations in Base Ten (decimals)";

/** `scaled` thousandths (or 10^places-ths) as the shortest decimal text: 2500, 3 -> `2.5`. */
export const dec = (scaled: number, places: number): string => formatDecimal(rat(scaled, 10 ** places)) ?? String(scaled);
const placesOf = (text: string): number => text.split(".")[1]?.length ?? 0;

/**
 * Greatest/smallest of four decimals. Each option's number of decimal places is drawn
 * independently of its value, and the tenths digits are close together, so a student who
 * believes "more digits is bigger" (or "shorter is bigger") is wrong about as often as not.
 */
export const decimalCompareTopic: MathTopic = {
	id: "decimals-compare",
	title: "Comparing decimals",
	cluster: CLUSTER,
	standards: ["4.NF.C.7", "5.NBT.A.3b"],
	grades: { min: 4, max: 6 },
	keywords: ["compare decimals", "comparing decimals", "order decimals", "ordering decimals", "greatest decimal", "decimals", "decimal", "tenths", "hundredths", "thousandths"],
	range: (grade, difficulty) => ({ min: 0, max: grade === 4 ? 10 : byDifficulty(difficulty, [10, 10, 100]) }),
	generate(rng, { grade, range }) {
		const maxPlaces = grade === 4 ? 2 : 3;
		const whole = rng.int(0, Math.min(range.max - 1, 9)) + (range.max > 10 && rng.chance(0.5) ? 10 * rng.int(1, 8) : 0);
		const tenths = rng.int(1, 8);
		const texts = distinct(rng, 4, () => {
			const places = rng.int(1, maxPlaces);
			const t = Math.min(9, Math.max(0, tenths + rng.int(-1, 1)));
			let rest = 0;
			for (let p = 2; p <= places; p++) rest = rest * 10 + rng.int(p === places ? 1 : 0, 9);
			const scaled = (whole * 10 + t) * 10 ** (places - 1) + rest;
			assert(places === 1 ? t > 0 : true, "a tenth of 0 would print as a whole number");
			return dec(scaled, places);
		}, (t) => Number(t));
		assert(texts.every((t) => t.includes(".")), "every option is a decimal");
		const { word, ordered, answer, question } = whichIsExtreme(rng, texts, (a, b) => Number(a) - Number(b));
		const longest = [...texts].sort((a, b) => placesOf(b) - placesOf(a))[0];
		return {
			...question,
			explanation: `Write them with the same number of places and compare from the left: ${ordered.map((t) => Number(t).toFixed(maxPlaces)).join(" < ")}. So the ${word} is ${answer}.${longest !== answer ? ` More digits after the point (like ${longest}) does not make a decimal larger.` : ""}`,
			hints: ["Line the numbers up by their decimal points.", "Fill the empty places with zeros, then compare the tenths, then the hundredths."],
			standards: [ccss(grade === 4 ? "4.NF.C.7" : "5.NBT.A.3b")],
		};
	},
};

/**
 * Adding and subtracting decimals with different numbers of places. Misconceptions: lining up
 * the last digits instead of the points, adding the parts after the point as whole numbers,
 * and a dropped carry or borrow.
 */
export const decimalAddSubTopic: MathTopic = {
	id: "decimals-add-subtract",
	title: "Adding and subtracting decimals",
	cluster: CLUSTER,
	standards: ["5.NBT.B.7", "6.NS.B.3"],
	grades: { min: 5, max: 7 },
	keywords: ["add decimals", "adding decimals", "subtract decimals", "subtracting decimals", "decimal operations", "decimals", "decimal", "money"],
	range: (grade, difficulty) => ({ min: 0, max: grade === 5 ? byDifficulty(difficulty, [20, 100, 100]) : byDifficulty(difficulty, [100, 1000, 1000]) }),
	generate: (rng, context) => decimalSum(rng, context),
};

function decimalSum(rng: Rng, { grade, difficulty, range }: TopicContext): MathItem {
	const places = [1, byDifficulty(difficulty, [2, 2, 3])];
	const pa = rng.pick(places);
	const pb = pa === 1 ? places[1] : rng.pick(places);
	const p = Math.max(pa, pb);
	const maxWhole = Math.floor(range.max / (difficulty === "hard" ? 2 : 4));
	const a = rng.int(1, maxWhole * 10 ** pa) * 10 ** (p - pa); // in 10^-p units
	const b = rng.int(1, maxWhole * 10 ** pb) * 10 ** (p - pb);
	const minus = rng.chance(0.5);
	const [x, y] = minus && a < b ? [b, a] : [a, b];
	const result = minus ? x - y : x + y;
	const [tx, ty] = [dec(x, p), dec(y, p)];
	assert(tx.includes(".") && ty.includes(".") && dec(result, p).includes("."), "every number has a decimal part");
	assert(placesOf(tx) !== placesOf(ty) || grade >= 6, "different numbers of places are the point at this grade");
	// last digits lined up: each number read as digits without its point, then the longer number's places
	const raw = (t: string) => Number(t.replace(".", ""));
	const rightAligned = minus ? raw(tx) - raw(ty) : raw(tx) + raw(ty);
	const q = Math.max(placesOf(tx), placesOf(ty));
	const op = minus ? "-" : "+";
	const unit = 10 ** p; // one whole in 10^-p units
	return {
		text: `What is ${tx} ${op} ${ty}?`,
		answer: dec(result, p),
		// lined-up last digits; a dropped carry (or borrow) into the ones; the point moved one place
		distractors: [rightAligned > 0 ? dec(rightAligned, q) : "", dec(result + (minus ? unit : -unit), p), dec(result * 10, p)].filter(Boolean),
		fallbacks: [unit / 10, -unit / 10, 1, -1, 2 * unit].map((k) => dec(result + k, p)),
		explanation: `Line up the decimal points and give both numbers ${p} decimal places: ${(x / 10 ** p).toFixed(p)} ${op} ${(y / 10 ** p).toFixed(p)} = ${(result / 10 ** p).toFixed(p)}${dec(result, p) !== (result / 10 ** p).toFixed(p) ? ` (the same as ${dec(result, p)})` : ""}.`,
		hints: ["Write both numbers with the same number of decimal places.", `Line up the decimal points before you ${minus ? "subtract" : "add"}.`],
		standards: [ccss(grade >= 6 ? "6.NS.B.3" : "5.NBT.B.7")],
	};
}

/**
 * Multiplying and dividing decimals. Misconceptions: the point placed by lining up (too few
 * places), the point moved the wrong way, and ignoring the point altogether.
 */
export const decimalMulDivTopic: MathTopic = {
	id: "decimals-multiply-divide",
	title: "Multiplying and dividing decimals",
	cluster: CLUSTER,
	standards: ["5.NBT.B.7", "6.NS.B.3"],
	grades: { min: 5, max: 7 },
	keywords: ["multiply decimals", "multiplying decimals", "divide decimals", "dividing decimals", "decimal multiplication", "decimal division", "decimals", "decimal"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [100, 500, 1000]) }),
	generate(rng, { grade, difficulty }) {
		const a = rng.int(11, byDifficulty(difficulty, [99, 299, 999])); // tenths
		const whole = rng.int(2, 9);
		const divide = rng.chance(0.5);
		if (!divide) {
			const bTenths = difficulty !== "easy" && rng.chance(0.5);
			const b = bTenths ? rng.int(2, 29) : whole; // tenths or a whole number
			const places = bTenths ? 2 : 1;
			const product = a * b;
			const [ta, tb] = [dec(a, 1), bTenths ? dec(b, 1) : String(b)];
			assert(ta.includes(".") && dec(product, places).includes(".") && (!bTenths || tb.includes(".")), "decimals throughout");
			return {
				text: `What is ${ta} × ${tb}?`,
				answer: dec(product, places),
				distractors: [dec(product, places - 1 || 3), dec(product, places + 1), dec(product * 10, places + 1) === dec(product, places) ? dec(product + 1, places) : dec(product, places === 1 ? 3 : 1)],
				fallbacks: [dec(product + 10 ** (places - 1), places), dec(product - 10 ** (places - 1), places), dec(product + 1, places)],
				explanation: `Multiply as whole numbers: ${a} × ${b} = ${product}. The factors have ${places} decimal place${places > 1 ? "s" : ""} in all, so the product does too: ${dec(product, places)}.`,
				hints: ["Multiply without the points first.", "Count the decimal places in both factors."],
				standards: [ccss(grade >= 6 ? "6.NS.B.3" : "5.NBT.B.7")],
			};
		}
		const quotient = a; // tenths
		const dividend = quotient * whole;
		const [tq, td] = [dec(quotient, 1), dec(dividend, 1)];
		assert(tq.includes(".") && td.includes("."), "decimals throughout");
		return {
			text: `What is ${td} ÷ ${whole}?`,
			answer: tq,
			distractors: [dec(quotient, 2), dec(quotient * 10, 0) === tq ? dec(quotient + 1, 1) : dec(quotient, 2) === tq ? dec(quotient + 2, 1) : dec(quotient + 1, 1), dec(quotient - 1, 1), dec(quotient * 10 + 1, 2)],
			fallbacks: [dec(quotient + 2, 1), dec(quotient - 2, 1), dec(quotient + 10, 1)],
			explanation: `Divide as with whole numbers, keeping the point in place: ${dividend} tenths ÷ ${whole} = ${quotient} tenths, so ${td} ÷ ${whole} = ${tq}.`,
			hints: ["Put the point in the answer straight above the point in the number you divide.", `Check: ${tq} × ${whole} should give ${td}.`],
			standards: [ccss(grade >= 6 ? "6.NS.B.3" : "5.NBT.B.7")],
		};
	},
};
