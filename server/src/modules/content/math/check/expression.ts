import { fAdd, fDiv, fInt, fMul, fPow, frac, fSqrt, fSub, parseValue, type Frac } from "./frac.js";

/**
 * Evaluates the arithmetic the question texts use: whole numbers, decimals, fractions (`3/4`),
 * mixed numbers (`2 1/3`), + - × ÷ ^ √, brackets, a leading minus, and the variable x with
 * implied multiplication (`3x`, `2(x + 1)`, `(x + 2)(x - 3)`). Throws on anything else.
 */
export function evaluate(text: string, x?: Frac): Frac {
	const tokens = tokenize(text);
	let i = 0;
	const peek = () => tokens[i];
	const take = () => tokens[i++];
	const expect = (t: string) => {
		if (take() !== t) throw new SyntaxError(`expected ${t} in ${text}`);
	};
	const startsPrimary = (t: string | undefined) => t !== undefined && (t === "(" || t === "x" || t === "√" || /^\d/.test(t));

	function sum(): Frac {
		let v = product();
		while (peek() === "+" || peek() === "-") v = take() === "+" ? fAdd(v, product()) : fSub(v, product());
		return v;
	}
	function product(): Frac {
		let v = unary();
		for (;;) {
			const t = peek();
			if (t === "×" || t === "*") {
				take();
				v = fMul(v, unary());
			} else if (t === "÷") {
				take();
				v = fDiv(v, unary());
			} else if (startsPrimary(t)) v = fMul(v, power()); // implied: 3x, 2(x + 1)
			else return v;
		}
	}
	function unary(): Frac {
		if (peek() === "-") return (take(), fSub(fInt(0), unary()));
		return power();
	}
	function power(): Frac {
		const base = primary();
		if (peek() === "^") return (take(), fPow(base, unary()));
		return base;
	}
	function primary(): Frac {
		const t = take();
		if (t === undefined) throw new SyntaxError(`unexpected end of ${text}`);
		if (t === "(") {
			const v = sum();
			expect(")");
			return v;
		}
		if (t === "√") return fSqrt(primary());
		if (t === "x") {
			if (!x) throw new SyntaxError("x has no value");
			return x;
		}
		const v = parseValue(t);
		if (!v) throw new SyntaxError(`bad token ${t}`);
		return v;
	}
	const v = sum();
	if (i !== tokens.length) throw new SyntaxError(`trailing ${tokens.slice(i).join(" ")} in ${text}`);
	return v;
}

function tokenize(text: string): string[] {
	const out: string[] = [];
	const re = /\s*(\d+ \d+\/\d+(?![\d.])|\d+\/\d+|\d+(?:\.\d+)?|[-+×÷*^()√x])/y;
	const t = text.replace(/−/g, "-").trim();
	let at = 0;
	while (at < t.length) {
		re.lastIndex = at;
		const m = re.exec(t);
		if (!m) throw new SyntaxError(`cannot read ${t.slice(at)}`);
		out.push(m[1]);
		at = re.lastIndex;
		while (t[at] === " ") at++;
	}
	return out;
}

/** a and b of a linear expression ax + b (checked at a third point); undefined when not linear. */
export function linear(text: string): { a: Frac; b: Frac } | undefined {
	const at = (n: number) => evaluate(text, fInt(n));
	const b = at(0);
	const a = fSub(at(1), b);
	const two = at(2);
	const expected = fAdd(fMul(a, fInt(2)), b);
	return two[0] === expected[0] && two[1] === expected[1] ? { a, b } : undefined;
}

export const isZero = (v: Frac): boolean => v[0] === 0n;
export { frac };
