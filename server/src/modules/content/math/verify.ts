import { add, cmp, div, eq, mul, parseNumber, rat, sub, type Rational } from "./rational.js";

/**
 * Recomputes the answer of a maths question from its text alone, so a question from any source
 * (the LLM provider, or the generators under test) can be checked. Knows the forms the
 * generators use: `What is a/b ± c/d?`, `What is x + y?` (decimals), `Which number is the
 * greatest: ...?`, `Solve for x: ax + b = c` and `What is p% of n?`.
 */
export type Verdict =
	| { status: "correct" }
	| { status: "wrong"; reason: string }
	| { status: "unknown"; reason: string };

export function verifyMathQuestion(question: { text: string; options: string[]; correct: number }): Verdict {
	const values = question.options.map(parseNumber);
	if (values.some((v) => v === undefined)) return { status: "unknown", reason: "an option is not a number" };
	const numbers = values as Rational[];
	for (let i = 0; i < numbers.length; i++)
		for (let j = i + 1; j < numbers.length; j++)
			if (eq(numbers[i], numbers[j])) return { status: "wrong", reason: `options ${i} and ${j} are equal` };
	const truth = solve(question.text);
	if (!truth) return { status: "unknown", reason: "question form not recognised" };
	const right = numbers.map((v, i) => (eq(v, truth) ? i : -1)).filter((i) => i >= 0);
	if (right.length !== 1) return { status: "wrong", reason: `${right.length} options equal the answer` };
	if (right[0] !== question.correct) return { status: "wrong", reason: `option ${right[0]} is right, not ${question.correct}` };
	return { status: "correct" };
}

/** The true answer of a recognised question, or undefined. */
export function solve(text: string): Rational | undefined {
	const t = text.trim().replace(/−/g, "-");
	let m = /^What is (-?\d+\/\d+|-?\d*\.?\d+) ([+\-×÷*/]) (-?\d+\/\d+|-?\d*\.?\d+)\?$/.exec(t);
	if (m) {
		const a = parseNumber(m[1]);
		const b = parseNumber(m[3]);
		if (!a || !b) return undefined;
		if (m[2] === "+") return add(a, b);
		if (m[2] === "-") return sub(a, b);
		if (m[2] === "×" || m[2] === "*") return mul(a, b);
		return b.n === 0 ? undefined : div(a, b);
	}
	m = /^Which number is the (greatest|smallest): (.+)\?$/.exec(t);
	if (m) {
		const values = m[2].split(/,\s*/).map(parseNumber);
		if (values.some((v) => !v)) return undefined;
		const sorted = (values as Rational[]).sort(cmp);
		return m[1] === "greatest" ? sorted[sorted.length - 1] : sorted[0];
	}
	m = /^What is (\d+(?:\.\d+)?)% of (-?\d+(?:\.\d+)?)\?$/.exec(t);
	if (m) return div(mul(parseNumber(m[1])!, parseNumber(m[2])!), rat(100));
	m = /^Solve for x: (.+) = (-?\d+)$/.exec(t);
	if (m) return solveLinear(m[1], rat(Number(m[2])));
	return undefined;
}

/** `ax + b` / `x - b` / `-3x` = c  ->  x. */
function solveLinear(lhs: string, c: Rational): Rational | undefined {
	const m = /^(-?\d*)x(?:\s*([+-])\s*(\d+))?$/.exec(lhs.replace(/\s+/g, " ").trim());
	if (!m) return undefined;
	const a = m[1] === "" ? 1 : m[1] === "-" ? -1 : Number(m[1]);
	const b = m[2] ? (m[2] === "-" ? -Number(m[3]) : Number(m[3])) : 0;
	if (a === 0) return undefined;
	return div(sub(c, rat(b)), rat(a));
}
