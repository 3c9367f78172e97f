/**
 * Calls functions of compiled shared modules (out/shared/...) inside a running place, so pure
 * game logic is tested as the Luau that ships, not as TypeScript. Inputs cross as JSON.
 */
import type { Place } from "../../harness";

/** Runs `fn(...args)` of ReplicatedStorage.TS.<modulePath> once per case; returns the results in order. */
export async function callShared<R = unknown>(place: Place, modulePath: string, fn: string, cases: unknown[][]): Promise<R[]> {
	const segments = modulePath.split("/").map((s) => JSON.stringify(s)).join(", ");
	const results = await place.eval<unknown[]>(`
		local TS = require(game:GetService("ReplicatedStorage").rbxts_include.RuntimeLib)
		local m = TS.import(script, game:GetService("ReplicatedStorage"):WaitForChild("TS"), ${segments})
		local cases = game:GetService("HttpService"):JSONDecode(${luauString(JSON.stringify(cases))})
		local out = {}
		for i, args in cases do
			local value = m.${fn}(table.unpack(args, 1, #args))
			out[i] = if value == nil then false else value
		end
		return out
	`);
	return (results ?? []) as R[];
}

/** Runs a Luau snippet with `m` bound to the module and `input` to the decoded JSON value. */
export async function withShared<R = unknown>(place: Place, modulePath: string, input: unknown, body: string): Promise<R> {
	const segments = modulePath.split("/").map((s) => JSON.stringify(s)).join(", ");
	return place.eval<R>(`
		local TS = require(game:GetService("ReplicatedStorage").rbxts_include.RuntimeLib)
		local m = TS.import(script, game:GetService("ReplicatedStorage"):WaitForChild("TS"), ${segments})
		local input = game:GetService("HttpService"):JSONDecode(${luauString(JSON.stringify(input ?? null))})
		${body}
	`);
}

function luauString(text: string): string {
	let level = 0;
	while (text.includes(`]${"=".repeat(level)}]`)) level++;
	const eq = "=".repeat(level);
	return `[${eq}[${text}]${eq}]`;
}
