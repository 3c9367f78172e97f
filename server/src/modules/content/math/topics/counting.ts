import type { Rng } from "../../random.js";
import { ccss, type MathTopic, type TopicContext } from "../item.js";
import { byDifficulty, digitsOf, distinct, whichIsExtreme } from "./util.js";

const COUNTING = "Counting and Cardinality / Number and Operations in Base Ten";

/**
 * Counting sequences to 120: the number after or before, and skip-counting. Misconceptions:
 * counting back instead of on, skipping a number, and jumping a ten at a decade change.
 */
export const countingTopic: MathTopic = {
	id: "counting-to-120",
	title: "Counting and number sequences to 120",
	cluster: COUNTING,
	standards: ["K.CC.A.1", "K.CC.A.2", "1.NBT.A.1"],
	grades: { min: 0, max: 1 },
	keywords: ["count", "counting", "count to", "counting to", "count forward", "count on", "count back", "number after", "number before", "comes next", "skip count", "count by", "to 120", "to 100", "number sequence"],
	range: (grade, difficulty) => ({ min: 0, max: grade === 0 ? byDifficulty(difficulty, [20, 50, 100]) : byDifficulty(difficulty, [50, 100, 120]) }),
	generate(rng, { range }) {
		const form = rng.pick(["after", "before", "skip"] as const);
		if (form === "skip") return skipCount(rng, range.max);
		const n = form === "after" ? rng.int(1, range.max - 1) : rng.int(2, range.max);
		const answer = form === "after" ? n + 1 : n - 1;
		const wrongWay = form === "after" ? n - 1 : n + 1;
		const decadeSlip = form === "after" ? n + 10 : n - 10;
		return {
			text: `What number comes right ${form} ${n}?`,
			answer: String(answer),
			distractors: [String(wrongWay), String(form === "after" ? n + 2 : n - 2), String(decadeSlip)],
			fallbacks: [String(n), String(answer + 10), String(answer - 10)],
			explanation: `Counting ${form === "after" ? "on" : "back"} by one from ${n} gives ${answer}.`,
			hints: [form === "after" ? "Say the number, then the next one when you count up." : "Count backwards by one.", "Look at the ones digit first."],
			standards: [ccss(range.max > 100 ? "1.NBT.A.1" : "K.CC.A.2")],
		};
	},
};

function skipCount(rng: Rng, max: number) {
	const step = rng.pick([1, 2, 5, 10].filter((k) => 4 * k <= max && (max < 100 || k > 1)));
	const start = step * rng.int(0, Math.floor((max - 4 * step) / step));
	const seq = [0, 1, 2].map((i) => start + i * step);
	const answer = start + 3 * step;
	return {
		text: `Count by ${step}s: ${seq.join(", ")}. What number comes next?`,
		answer: String(answer),
		distractors: [String(seq[2] + 1), String(answer + step), String(answer - 1)],
		fallbacks: [String(answer + 1), String(seq[2] + 2), String(answer + 2)],
		explanation: `Each number is ${step} more than the one before: ${seq[2]} + ${step} = ${answer}.`,
		hints: [`How much bigger is each number than the one before it?`, `Add ${step} to ${seq[2]}.`],
		standards: [ccss("K.CC.A.1")],
	};
}

/**
 * "Which number is the greatest/smallest" with whole numbers of the SAME number of digits, so
 * length never gives the answer away; for two and three digits the options reuse the same
 * digits in another order (the "compare the ones first" misconception).
 */
export const compareWholeTopic: MathTopic = {
	id: "compare-whole-numbers",
	title: "Comparing whole numbers",
	cluster: COUNTING,
	standards: ["K.CC.C.6", "K.CC.C.7", "1.NBT.B.3", "2.NBT.A.4"],
	grades: { min: 0, max: 2 },
	keywords: ["compare", "comparing", "greater", "greatest", "less than", "smallest", "biggest", "largest", "more than", "fewer", "order numbers", "ordering"],
	range: (grade, difficulty) => ({ min: 0, max: grade === 0 ? byDifficulty(difficulty, [10, 10, 20]) : grade === 1 ? byDifficulty(difficulty, [50, 100, 120]) : byDifficulty(difficulty, [100, 1000, 1000]) }),
	generate(rng, context) {
		const values = compareSet(rng, context);
		const { word, ordered: sorted, answer, question } = whichIsExtreme(rng, values, (a, b) => a - b);
		return {
			...question,
			explanation: `From smallest to greatest: ${sorted.join(", ")}. ${sorted[0] >= 10 ? "Compare the digits in the biggest place first, then the next place. " : ""}So the ${word} is ${answer}.`,
			hints: sorted[0] >= 10 ? ["Compare the first digit of each number.", "If the first digits are the same, compare the next digit."] : ["Count up from 1: which number do you say last?", "Picture the numbers on a number line."],
			standards: [ccss(context.range.max <= 20 ? "K.CC.C.7" : context.range.max <= 120 ? "1.NBT.B.3" : "2.NBT.A.4")],
		};
	},
};

/** Four distinct numbers of one length within the range: a digit permutation family when possible. */
function compareSet(rng: Rng, { range }: TopicContext): number[] {
	const digits = String(range.max).length - (range.max === 10 ** (String(range.max).length - 1) ? 1 : 0);
	const low = Math.max(range.min, digits === 1 ? 1 : 10 ** (digits - 1));
	const high = Math.min(range.max, 10 ** digits - 1);
	const draw = () => rng.int(low, high);
	if (digits === 1 || high - low < 20) return distinct(rng, 4, draw);
	const base = draw();
	const family = permutations(digitsOf(base)).filter((n) => n >= low && n <= high);
	const pool = rng.shuffle([...new Set(family)]).slice(0, rng.int(2, 3));
	return distinct(rng, 4, () => (pool.length ? pool.shift()! : draw()));
}

function permutations(ds: number[]): number[] {
	if (ds.length <= 1) return [Number(ds.join(""))];
	const out: number[] = [];
	ds.forEach((d, i) => {
		const rest = [...ds.slice(0, i), ...ds.slice(i + 1)];
		for (const p of permutations(rest)) out.push(Number(`${d}${String(p).padStart(rest.length, "0")}`));
	});
	return out.filter((n) => String(n).length === ds.length);
}
