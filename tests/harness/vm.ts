/**
 * One Luau VM per place. luau-web's WASM heap is fixed (about 16 MB) and cannot be freed, so
 * every place (a server, a restarted server, a client) gets its own WASM module instance
 * instead of sharing the package's singleton.
 *
 * Rules of the boundary, learned the hard way:
 * - a host (JS) function must never call back into Luau (it deadlocks without JSPI), so host
 *   functions only compute or record, and the Luau side owns signals and scheduling;
 * - JS objects reach Luau as opaque userdata and JS arrays become multiple return values, so
 *   structured data crosses as JSON strings;
 * - calls from JS into Luau return a promise of the array of results.
 */
// @ts-expect-error luau-web ships no types for its inner Emscripten factory.
import createModule from "luau-web/src/lib/Luau.Web.Asyncify.js";

import fs from "node:fs";
import { createRequire } from "node:module";

export type HostFunction = (...args: never[]) => unknown;
export type LuauFunction = (...args: unknown[]) => Promise<unknown[]>;

export interface LuauVm {
	/** Compiles `source`; returns the Luau function, or the compiler's message as a string. */
	load(source: string, chunkName: string): LuauFunction | string;
}

interface EmscriptenLuau {
	states: Array<Record<string, unknown> & { env: { set(k: string, v: unknown, bypass: boolean): boolean } }>;
	_makeLuaState(idx: number): Promise<number>;
	_luauLoad(state: number, source: number, chunk: number): number;
	_getLuaValue(state: number, idx: number): number;
	luauToJsValue(stateIdx: number, state: number, value: unknown): unknown;
}

export async function createLuauVm(host: Record<string, HostFunction>): Promise<LuauVm> {
	const module: EmscriptenLuau = {
		LUA_VALUE: Symbol("LuaValue"),
		JS_VALUE: Symbol("JsValue"),
		JS_MUTABLE: Symbol("JsMutable"),
		securityTransmitList: new Map(),
		options: new Map([["LUA_IMPLICIT_ARRAYS_TO_JS_ARRAYS", true]]),
		states: [],
		instantiateWasm: instantiateFromCache,
	} as unknown as EmscriptenLuau;
	Object.assign(module, await createModule(module));

	const stateIdx = 1;
	const bookkeeping = {
		luaValueCache: new Map(),
		jsValueCache: new Map(),
		jsValueReverse: new Map(),
		transactionData: [] as unknown[],
		nextJSRef: -1,
		nextTXKey: 0,
	};
	module.states[stateIdx] = bookkeeping as never;
	const state = await module._makeLuaState(stateIdx);
	const env = module.states[stateIdx].env;
	for (const [name, fn] of Object.entries(host)) env.set(name, fn, true);

	const transaction = (value: unknown): number => {
		const idx = bookkeeping.nextTXKey++;
		bookkeeping.transactionData[idx] = value;
		return idx;
	};
	const valueAt = (idx: number): unknown => {
		const tx = module._getLuaValue(state, idx);
		let raw: unknown = null;
		try {
			raw = JSON.parse(bookkeeping.transactionData[tx] as string);
		} catch {
			raw = null;
		}
		return module.luauToJsValue(stateIdx, state, raw);
	};

	return {
		load(source, chunkName) {
			// On failure the value left on the stack is the compiler's message.
			module._luauLoad(state, transaction(source), transaction(chunkName));
			return valueAt(-1) as LuauFunction | string;
		},
	};
}

// Compiling luau-web's 1 MB WASM binary dominates start-up, so compile it once per process and
// instantiate a fresh instance (fresh heap) from the compiled module for each VM.
let compiled: Promise<WebAssembly.Module> | undefined;

function instantiateFromCache(
	imports: WebAssembly.Imports,
	done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
): object {
	compiled ??= WebAssembly.compile(embeddedWasm());
	void compiled
		.then(async (wasm) => done(await WebAssembly.instantiate(wasm, imports), wasm));
	return {};
}

function embeddedWasm(): Uint8Array {
	const file = createRequire(import.meta.url).resolve("luau-web/src/lib/Luau.Web.Asyncify.js");
	const match = /findWasmBinary\(\)\{return base64Decode\("([A-Za-z0-9+/=]+)"\)/.exec(fs.readFileSync(file, "utf8"));
	if (!match) throw new Error("luau-web: could not find the embedded WASM binary (package layout changed?)");
	return new Uint8Array(Buffer.from(match[1], "base64"));
}
