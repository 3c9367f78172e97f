/** Exact rational arithmetic for the maths generators and the answer checker (no floats). */
export interface Rational {
	n: number;
	d: number;
}

export function gcd(a: number, b: number): number {
	a = Math.abs(a);
	b = Math.abs(b);
	while (b) [a, b] = [b, a % b];
	return a || 1;
}

export const lcm = (a: number, b: number): number => Math.abs(a * b) / gcd(a, b);

export function rat(n: number, d = 1): Rational {
	if (d === 0) throw new Error("zero denominator");
	const sign = d < 0 ? -1 : 1;
	const g = gcd(n, d);
	return { n: (sign * n) / g, d: (sign * d) / g };
}

export const add = (a: Rational, b: Rational): Rational => rat(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Rational, b: Rational): Rational => rat(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Rational, b: Rational): Rational => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rational, b: Rational): Rational => rat(a.n * b.d, a.d * b.n);
export const eq = (a: Rational, b: Rational): boolean => a.n === b.n && a.d === b.d;
export const cmp = (a: Rational, b: Rational): number => a.n * b.d - b.n * a.d;
export const key = (a: Rational): string => `${a.n}/${a.d}`;

/** `3/4`, or `2` when the denominator is 1. */
export const formatFraction = (a: Rational): string => (a.d === 1 ? String(a.n) : `${a.n}/${a.d}`);

/** Decimal text of a rational whose denominator divides a power of ten (else undefined). */
export function formatDecimal(a: Rational): string | undefined {
	let places = 0;
	while ((10 ** places) % a.d !== 0) if (++places > 8) return undefined;
	const scaled = (a.n * 10 ** places) / a.d;
	const digits = String(Math.abs(scaled)).padStart(places + 1, "0");
	const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
	return scaled < 0 ? `-${text}` : text;
}

/** Parses `7`, `-3/4`, `2 1/3`, `0.25`, `x = 5`, `12%`, `$4.50`, `45°` into a rational; undefined when it is not a number. */
export function parseNumber(text: string): Rational | undefined {
	const t = text.trim().replace(/^x\s*=\s*/i, "").replace(/^\$/, "").replace(/[%°]$/, "").trim();
	let m = /^(-?)(\d+) (\d+)\/(\d+)$/.exec(t);
	if (m) return Number(m[4]) === 0 ? undefined : rat((m[1] ? -1 : 1) * (Number(m[2]) * Number(m[4]) + Number(m[3])), Number(m[4]));
	m = /^(-?\d+)\s*\/\s*(\d+)$/.exec(t);
	if (m) return Number(m[2]) === 0 ? undefined : rat(Number(m[1]), Number(m[2]));
	m = /^(-?)(\d*)\.(\d+)$/.exec(t);
	if (m) {
		const scale = 10 ** m[3].length;
		const n = Number(m[2] || "0") * scale + Number(m[3]);
		return rat(m[1] ? -n : n, scale);
	}
	m = /^-?\d+$/.exec(t);
	if (m) return rat(Number(t), 1);
	return undefined;
}

/** `2 1/3` for 7/3, `-1 1/2`, `3` for 3/1, `2/5` for a proper fraction. */
export function formatMixed(a: Rational): string {
	const whole = Math.trunc(a.n / a.d);
	const rest = Math.abs(a.n % a.d);
	if (rest === 0) return String(whole);
	if (whole === 0) return formatFraction(a);
	return `${whole} ${rest}/${a.d}`;
}
