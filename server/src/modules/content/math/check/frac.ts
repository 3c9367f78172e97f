/**
 * Exact fractions over bigint for the answer checker. Deliberately separate from the generators'
 * `rational.ts`, so a slip in one is caught by the other.
 */
export type Frac = readonly [bigint, bigint];

export function frac(n: bigint, d = 1n): Frac {
	if (d === 0n) throw new RangeError("division by zero");
	if (d < 0n) [n, d] = [-n, -d];
	let [a, b] = [n < 0n ? -n : n, d];
	while (b) [a, b] = [b, a % b];
	return a === 0n ? [0n, 1n] : [n / a, d / a];
}

export const fAdd = (x: Frac, y: Frac): Frac => frac(x[0] * y[1] + y[0] * x[1], x[1] * y[1]);
export const fSub = (x: Frac, y: Frac): Frac => frac(x[0] * y[1] - y[0] * x[1], x[1] * y[1]);
export const fMul = (x: Frac, y: Frac): Frac => frac(x[0] * y[0], x[1] * y[1]);
export const fDiv = (x: Frac, y: Frac): Frac => frac(x[0] * y[1], x[1] * y[0]);
export const fEq = (x: Frac, y: Frac): boolean => x[0] === y[0] && x[1] === y[1];
export const fCmp = (x: Frac, y: Frac): number => Number(x[0] * y[1] - y[0] * x[1] > 0n) - Number(x[0] * y[1] - y[0] * x[1] < 0n);
export const fInt = (n: number | string): Frac => frac(BigInt(n));
export const fIsInt = (x: Frac): boolean => x[1] === 1n;

export function fPow(x: Frac, e: Frac): Frac {
	if (!fIsInt(e) || e[0] < 0n || e[0] > 64n) throw new RangeError("unsupported exponent");
	let out: Frac = [1n, 1n];
	for (let i = 0n; i < e[0]; i++) out = fMul(out, x);
	return out;
}

/** Exact square root of a perfect-square fraction; throws otherwise. */
export function fSqrt(x: Frac): Frac {
	const root = (v: bigint): bigint => {
		if (v < 0n) throw new RangeError("negative root");
		let r = BigInt(Math.floor(Math.sqrt(Number(v))));
		while (r * r > v) r--;
		while ((r + 1n) * (r + 1n) <= v) r++;
		if (r * r !== v) throw new RangeError("not a perfect square");
		return r;
	};
	return frac(root(x[0]), root(x[1]));
}

/** `7`, `-3/4`, `2 1/3`, `0.25`, with an optional `$`, `%` or `°`, or `x = ...`; undefined otherwise. */
export function parseValue(text: string): Frac | undefined {
	const t = text.trim().replace(/^x\s*=\s*/, "").replace(/^\$/, "").replace(/\s*(%|°)$/, "");
	let m = /^(-?)(\d+) (\d+)\/(\d+)$/.exec(t);
	if (m && m[4] !== "0") {
		const v = frac(BigInt(m[2]) * BigInt(m[4]) + BigInt(m[3]), BigInt(m[4]));
		return m[1] ? frac(-v[0], v[1]) : v;
	}
	m = /^(-?\d+)\/(\d+)$/.exec(t);
	if (m) return m[2] === "0" ? undefined : frac(BigInt(m[1]), BigInt(m[2]));
	m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(t);
	if (m) {
		const places = m[3]?.length ?? 0;
		const n = BigInt(m[2] + (m[3] ?? ""));
		return frac(m[1] ? -n : n, 10n ** BigInt(places));
	}
	return undefined;
}
