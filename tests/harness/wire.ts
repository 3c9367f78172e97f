/**
 * The JS end of the remote wire format (engine/services/remotes.luau): arguments cross as
 * `{ n, args }` where tables are `{t:"array"|"dict"}`, instances `{t:"Instance", path}`.
 * Decoded for tests as plain JS: arrays, objects, `{ instance: path, className }`,
 * `{ x, y, z }` for Vector3; nil becomes undefined.
 */
export interface WirePayload {
	n: number;
	args: unknown[];
}

export function decodeWireArgs(payload: WirePayload): unknown[] {
	const out: unknown[] = [];
	for (let i = 0; i < payload.n; i++) out.push(decode(payload.args[i]));
	return out;
}

/** Encodes test-side values; pass `{ instance: "Workspace.Part" }` to send an instance. */
export function encodeWireArgs(args: unknown[]): string {
	return JSON.stringify({ n: args.length, args: args.map(encode) });
}

function decode(w: unknown): unknown {
	if (w === null || typeof w !== "object") return w;
	const v = w as Record<string, unknown>;
	switch (v.t) {
		case "nil":
			return undefined;
		case "number":
			return Number(v.v === "inf" ? Infinity : v.v === "-inf" ? -Infinity : NaN);
		case "Instance":
			return { instance: v.path, className: v.className };
		case "Vector3":
			return { x: v.x, y: v.y, z: v.z };
		case "array":
			return ((v.items as unknown[]) ?? []).map(decode);
		case "dict":
			return Object.fromEntries(Object.entries((v.entries as Record<string, unknown>) ?? {}).map(([k, x]) => [k, decode(x)]));
		default:
			return v;
	}
}

function encode(value: unknown): unknown {
	if (value === undefined || value === null || typeof value === "function") return { t: "nil" };
	if (typeof value === "number" && !Number.isFinite(value)) return { t: "number", v: String(value) };
	if (typeof value !== "object") return value;
	if (Array.isArray(value)) return { t: "array", items: value.map(encode) };
	const obj = value as Record<string, unknown>;
	if (typeof obj.instance === "string") return { t: "Instance", path: obj.instance };
	return { t: "dict", entries: Object.fromEntries(Object.entries(obj).map(([k, x]) => [k, encode(x)])) };
}
