import { evaluate, linear } from "./expression.js";
import { fAdd, fCmp, fDiv, fEq, fInt, fMul, frac, fSqrt, fSub, parseValue, type Frac } from "./frac.js";

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
	[/^What is the value of the digit (\d) in (\d+(?:\.\d+)?)\?$/, (m) => {
		const [whole, part = ""] = m[2].split(".");
		const digits = whole + part;
		if (digits.split(m[1]).length !== 2) return undefined;
		const power = whole.length - 1 - digits.indexOf(m[1]);
		return isValue(power >= 0 ? fMul(fInt(m[1]), fInt(10 ** power)) : fDiv(fInt(m[1]), fInt(10 ** -power)));
	}],
	[/^What is (\d+) (more|less) than (\d+)\?$/, (m) => isValue(m[2] === "more" ? fAdd(num(m[3]), num(m[1])) : fSub(num(m[3]), num(m[1])))],
	[/^What is (\d+(?:\.\d+)?) rounded to the nearest (ten|hundred|thousand|whole number|tenth|hundredth)\?$/, (m) => {
		const unit = { ten: fInt(10), hundred: fInt(100), thousand: fInt(1000), "whole number": fInt(1), tenth: frac(1n, 10n), hundredth: frac(1n, 100n) }[m[2]]!;
		const q = fDiv(num(m[1]), unit);
		const down = q[0] / q[1];
		const rest = fSub(q, fInt(String(down)));
		const rounded = fCmp(rest, frac(1n, 2n)) >= 0 ? down + 1n : down;
		return isValue(fMul(fInt(String(rounded)), unit));
	}],
	[/^Which fraction is equivalent to (\d+\/\d+)\?$/, (m) => isValue(num(m[1]))],
	[/^Write (\d+\/\d+) as a mixed number\.$/, (m) => {
		const v = num(m[1]);
		return (option) => / \d+\/\d+$/.test(option.trim()) && isValue(v)(option);
	}],
	[/^The ratio of \w+ to \w+ is (\d+):(\d+)\. If there are (\d+) \w+, how many \w+ are there\?$/, (m) => isValue(fDiv(fMul(num(m[3]), num(m[2])), num(m[1])))],
	[/^If (\d+) \w+ cost \$(\d+(?:\.\d+)?), how much do (\d+) \w+ cost\?$/, (m) => isValue(fMul(fDiv(num(m[2]), num(m[1])), num(m[3])))],
	[/^A \w+ travels (\d+(?:\.\d+)?) (\w+) in (\d+(?:\.\d+)?) hours\. How many \2 does it travel per hour\?$/, (m) => isValue(fDiv(num(m[1]), num(m[3])))],
	[/^A price goes from \$(\d+(?:\.\d+)?) to \$(\d+(?:\.\d+)?)\. What is the percent (increase|decrease)\?$/, (m) => {
		const [a, b] = [num(m[1]), num(m[2])];
		const change = m[3] === "increase" ? fSub(b, a) : fSub(a, b);
		if (change[0] <= 0n) return undefined;
		return isValue(fMul(fDiv(change, a), fInt(100)));
	}],
	[/^An? .+ costs \$(\d+(?:\.\d+)?) and is on sale for (\d+)% off\. What is the sale price\?$/, (m) => isValue(fMul(num(m[1]), fDiv(fSub(fInt(100), num(m[2])), fInt(100))))],
	[/^What is the distance between (-?\d+) and (-?\d+) on the number line\?$/, (m) => {
		const d = fSub(num(m[1]), num(m[2]));
		return isValue(d[0] < 0n ? fSub(fInt(0), d) : d);
	}],
	[/^Solve: (.+) (<|>|≤|≥) (.+)$/, (m) => {
		const left = linear(m[1]);
		const right = linear(m[3]);
		if (!left || !right) return undefined;
		const a = fSub(left.a, right.a);
		if (a[0] === 0n) return undefined;
		const bound = fDiv(fSub(right.b, left.b), a);
		const flip: Record<string, string> = { "<": ">", ">": "<", "≤": "≥", "≥": "≤" };
		const op = a[0] < 0n ? flip[m[2]] : m[2];
		return (option) => {
			const o = /^x (<|>|≤|≥) (.+)$/.exec(option.trim());
			const v = o && parseValue(o[2]);
			return !!o && !!v && o[1] === op && fEq(v, bound);
		};
	}],
	[/^A rectangle is (\d+) (\w+) long and (\d+) \2 wide\. What is its (area|perimeter)(?: in square \2| in \2)\?$/, (m) => {
		const [l, w] = [num(m[1]), num(m[3])];
		return isValue(m[4] === "area" ? fMul(l, w) : fMul(fInt(2), fAdd(l, w)));
	}],
	[/^A triangle has a base of (\d+) (\w+) and a height of (\d+) \2\. What is its area in square \2\?$/, (m) => isValue(fDiv(fMul(num(m[1]), num(m[3])), fInt(2)))],
	[/^A box is (\d+) (\w+) long, (\d+) \2 wide and (\d+) \2 tall\. What is its volume in cubic \2\?$/, (m) => isValue(fMul(fMul(num(m[1]), num(m[3])), num(m[4])))],
	[/^Two angles are (complementary|supplementary)\. One measures (\d+)°\. What does the other measure\?$/, (m) => isValue(fSub(fInt(m[1] === "complementary" ? 90 : 180), num(m[2])))],
	[/^A triangle has angles of (\d+)° and (\d+)°\. What is the third angle\?$/, (m) => isValue(fSub(fInt(180), fAdd(num(m[1]), num(m[2]))))],
	[/^An angle is split into two parts of (\d+)° and (\d+)°\. What is the whole angle\?$/, (m) => isValue(fAdd(num(m[1]), num(m[2])))],
	[/^A right triangle has legs of (\d+) (\w+) and (\d+) \2\. How long is the hypotenuse in \2\?$/, (m) => isValue(fSqrt(fAdd(fMul(num(m[1]), num(m[1])), fMul(num(m[3]), num(m[3])))))],
	[/^A right triangle has a hypotenuse of (\d+) (\w+) and one leg of (\d+) \2\. How long is the other leg in \2\?$/, (m) => isValue(fSqrt(fSub(fMul(num(m[1]), num(m[1])), fMul(num(m[3]), num(m[3])))))],
	[/^What is the slope of the line through \((-?\d+), (-?\d+)\) and \((-?\d+), (-?\d+)\)\?$/, (m) => {
		const run = fSub(num(m[3]), num(m[1]));
		return run[0] === 0n ? undefined : isValue(fDiv(fSub(num(m[4]), num(m[2])), run));
	}],
	[/^For y = (.+), what is y when x = (-?\d+)\?$/, (m) => isValue(evaluate(m[1], num(m[2])))],
	[/^What is the y-intercept of y = (.+)\?$/, (m) => isValue(evaluate(m[1], fInt(0)))],
	[/^Solve the system: (.+) and (.+)\. What is \(x, y\)\?$/, (m) => {
		const [p, q] = [plane(m[1]), plane(m[2])];
		if (!p || !q) return undefined;
		const det = fSub(fMul(p[0], q[1]), fMul(p[1], q[0]));
		if (det[0] === 0n) return undefined;
		const x = fDiv(fSub(fMul(p[2], q[1]), fMul(p[1], q[2])), det);
		const y = fDiv(fSub(fMul(p[0], q[2]), fMul(p[2], q[0])), det);
		return (option) => {
			const o = /^\((-?[\d/]+), (-?[\d/]+)\)$/.exec(option.trim());
			const [ox, oy] = o ? [parseValue(o[1]), parseValue(o[2])] : [];
			return !!ox && !!oy && fEq(ox, x) && fEq(oy, y);
		};
	}],
	[/^A bag has (.+) marbles\. You pick one without looking\. What is the probability that it is (\w+)\?$/, (m) => {
		const counts = [...m[1].matchAll(/(\d+) (\w+)/g)].map((c) => [c[2], Number(c[1])] as const);
		const total = counts.reduce((s, [, n]) => s + n, 0);
		const wanted = counts.find(([colour]) => colour === m[2]);
		return wanted ? isValue(frac(BigInt(wanted[1]), BigInt(total))) : undefined;
	}],
	[/^You roll a fair six-sided die\. What is the probability of rolling a number (greater|less) than (\d)\?$/, (m) => {
		const k = Number(m[2]);
		const ways = [1, 2, 3, 4, 5, 6].filter((f) => (m[1] === "greater" ? f > k : f < k)).length;
		return isValue(frac(BigInt(ways), 6n));
	}],
	[/^What is the (mean|median|mode|range) of these numbers: (.+)\?$/, (m) => {
		const values = list(m[2]).sort(fCmp);
		const n = values.length;
		if (m[1] === "mean") return isValue(fDiv(values.reduce(fAdd, fInt(0)), fInt(n)));
		if (m[1] === "range") return isValue(fSub(values[n - 1], values[0]));
		if (m[1] === "median") return isValue(n % 2 ? values[(n - 1) / 2] : fDiv(fAdd(values[n / 2 - 1], values[n / 2]), fInt(2)));
		const counts = new Map<string, [Frac, number]>();
		for (const v of values) counts.set(`${v[0]}/${v[1]}`, [v, (counts.get(`${v[0]}/${v[1]}`)?.[1] ?? 0) + 1]);
		const top = Math.max(...[...counts.values()].map(([, c]) => c));
		const modes = [...counts.values()].filter(([, c]) => c === top);
		return modes.length === 1 && top > 1 ? isValue(modes[0][0]) : undefined;
	}],
	[/^Which is the factored form of (.+)\?$/, (m) => (option) => {
		// two quadratics agree everywhere when they agree at three points
		return [0, 1, 2, 3].every((x) => fEq(evaluate(option, fInt(x)), evaluate(m[1], fInt(x))));
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

/** `3x + 2y = 12`, `x - y = 1`, `-2x + y = -3` -> [a, b, c]; undefined for any other shape. */
function plane(text: string): [Frac, Frac, Frac] | undefined {
	const m = /^(-?\d*)x ([+-]) (\d*)y = (-?\d+)$/.exec(text.trim());
	if (!m) return undefined;
	const coefficient = (t: string) => fInt(t === "" ? 1 : t === "-" ? -1 : Number(t));
	const b = coefficient(m[3]);
	return [coefficient(m[1]), m[2] === "-" ? fSub(fInt(0), b) : b, num(m[4])];
}

