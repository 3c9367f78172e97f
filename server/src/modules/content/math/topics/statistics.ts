import { ccss, type MathTopic } from "../item.js";
import { formatDecimal, formatFraction, rat } from "../rational.js";
import { assert, byDifficulty, near } from "./util.js";

type Measure = "mean" | "median" | "mode" | "range";

/** Mean, median, mode and range of a small data set. Misconceptions: the middle of the unsorted list, one measure for another. */
export const statisticsTopic: MathTopic = {
	id: "mean-median-mode-range",
	title: "Mean, median, mode and range",
	cluster: "Statistics and Probability",
	standards: ["6.SP.A.3", "6.SP.B.5c", "S.ID.A.2"],
	grades: { min: 6, max: 12 },
	keywords: ["mean", "median", "mode", "range", "average", "averages", "data", "data sets", "statistics", "measures of center", "central tendency"],
	range: (_grade, difficulty) => ({ min: 0, max: byDifficulty(difficulty, [20, 50, 100]) }),
	generate(rng, { grade, difficulty }) {
		const measure = rng.pick(["mean", "median", "mode", "range"] as const);
		const size = rng.pick(byDifficulty(difficulty, [[5], [5, 7], [6, 7, 8]]));
		const max = byDifficulty(difficulty, [20, 50, 100]);
		const data = Array.from({ length: size }, () => rng.int(1, max));
		if (measure === "mode") data[rng.int(0, size - 1)] = data[rng.int(0, size - 1)];
		const sorted = [...data].sort((a, b) => a - b);
		const counts = new Map<number, number>();
		for (const v of data) counts.set(v, (counts.get(v) ?? 0) + 1);
		const top = Math.max(...counts.values());
		const modes = [...counts].filter(([, c]) => c === top).map(([v]) => v);
		const sum = data.reduce((s, v) => s + v, 0);
		const mean = rat(sum, size);
		const median = size % 2 ? rat(sorted[(size - 1) / 2]) : rat(sorted[size / 2 - 1] + sorted[size / 2], 2);
		const unsortedMiddle = size % 2 ? rat(data[(size - 1) / 2]) : rat(data[size / 2 - 1] + data[size / 2], 2);
		const show = (r: ReturnType<typeof rat>) => formatDecimal(r) ?? formatFraction(r);
		const values: Record<Measure, string | undefined> = {
			mean: show(mean),
			median: show(median),
			mode: top > 1 && modes.length === 1 ? String(modes[0]) : undefined,
			range: String(sorted[size - 1] - sorted[0]),
		};
		const answer = values[measure];
		assert(answer !== undefined && !answer.includes("/") && (!answer.includes(".") || answer.split(".")[1].length <= 2), "a clear answer with at most 2 decimal places");
		const others = (Object.keys(values) as Measure[]).filter((k) => k !== measure).map((k) => values[k]).filter((v): v is string => !!v);
		const explanations: Record<Measure, string> = {
			mean: `Add the numbers: ${data.join(" + ")} = ${sum}. Divide by how many there are: ${sum} ÷ ${size} = ${answer}.`,
			median: `Put them in order: ${sorted.join(", ")}. The middle ${size % 2 ? "number is" : "two numbers are"} ${size % 2 ? answer : `${sorted[size / 2 - 1]} and ${sorted[size / 2]}, and halfway between them is ${answer}`}.`,
			mode: `The mode is the number that appears most often: ${answer} appears ${top} times.`,
			range: `Range = greatest - least = ${sorted[size - 1]} - ${sorted[0]} = ${answer}.`,
		};
		const text = `What is the ${measure} of these numbers: ${data.join(", ")}?`;
		return {
			text,
			answer,
			distractors: [...(measure === "median" ? [show(unsortedMiddle)] : []), ...others, String(sorted[size - 1])],
			fallbacks: near(Number(answer) || 0, [1, -1, 2, -2]).filter(() => !answer.includes(".")),
			explanation: explanations[measure],
			hints: { mean: ["Add them all up, then share equally.", "Divide the total by how many numbers there are."], median: ["Order the numbers first.", "The median is the middle value."], mode: ["Which number appears most often?", "Count how many times each number appears."], range: ["Find the greatest and the least.", "Subtract the least from the greatest."] }[measure],
			standards: [ccss(grade >= 9 ? "S.ID.A.2" : measure === "range" ? "6.SP.A.3" : "6.SP.B.5c")],
		};
	},
};
