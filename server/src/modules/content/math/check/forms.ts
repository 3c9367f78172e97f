import { evaluate, linear } from "./expression.js";
import { fCmp, fDiv, fEq, fInt, fMul, fSub, parseValue, type Frac } from "./frac.js";

/**
 * The question forms the checker can answer from the text alone. Each recognised form yields a
 * test for an option: does this option state the right answer?
 */
export type Truth = (option: string) => boolean;

type Form = [RegExp, (m: RegExpExecArray) => Truth | undefined];

const isValue = (v: Frac): Truth => (option) => {
	const o = parseValue(option);
	return o !== undefined && fEq(o, v);
};
const num = (text: string): Frac => {
	const v = parseValue(text);
	if (!v) throw new SyntaxError(`not a number: ${text}`);
	return v;
};
const list = (text: string): Frac[] => text.split(/,\s*/).map(num);

const FORMS: Form[] = [
	[/^Which number is the (greatest|smallest): (.+)\?$/, (m) => {
		const sorted = list(m[2]).sort(fCmp);
		return isValue(m[1] === "greatest" ? sorted[sorted.length - 1] : sorted[0]);
	}],
	[/^What number comes right (after|before) (\d+)\?$/, (m) => isValue(fInt(Number(m[2]) + (m[1] === "after" ? 1 : -1)))],
	[/^Count by (\d+)s: ([\d, ]+)\. What number comes next\?$/, (m) => {
		const seq = list(m[2]);
		const step = fInt(m[1]);
		if (!seq.every((v, i) => i === 0 || fEq(fSub(v, seq[i - 1]), step))) return undefined;
		return isValue(fSub(seq[seq.length - 1], fSub(fInt(0), step)));
	}],
	[/^What is (\d+(?:\.\d+)?)% of (\d+(?:\.\d+)?)\?$/, (m) => isValue(fDiv(fMul(num(m[1]), num(m[2])), fInt(100)))],
	[/^What is the value of (.+) when x = (\S+)\?$/, (m) => isValue(evaluate(m[1], num(m[2])))],
	[/^Solve for x: (.+) = (.+)$/, (m) => {
		const left = linear(m[1]);
		const right = linear(m[2]);
		if (!left || !right) return undefined;
		const a = fSub(left.a, right.a);
		if (a[0] === 0n) return undefined;
		return isValue(fDiv(fSub(right.b, left.b), a));
	}],
	// keep last: the generic arithmetic form
	[/^What is (.+)\?$/, (m) => isValue(evaluate(m[1]))],
];

/** The answer test for a question text, or undefined when the form is not recognised. */
export function truthOf(text: string): Truth | undefined {
	const t = text.trim().replace(/−/g, "-");
	for (const [re, solve] of FORMS) {
		const m = re.exec(t);
		if (!m) continue;
		try {
			return solve(m);
		} catch {
			return undefined;
		}
	}
	return undefined;
}

/** What makes two options the same answer: equal values, or the same words. */
export function sameAnswerKey(option: string): string {
	const v = parseValue(option);
	return v ? `${v[0]}/${v[1]}` : option.trim().replace(/\s+/g, " ").toLowerCase();
}
