/** Shared helpers for place specs. */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const OUT_DIR = path.join(REPO_ROOT, "out");

/** Place specs run the compiled place; fail with the fix instead of a confusing error. */
export function requireBuild(): void {
	if (!fs.existsSync(path.join(OUT_DIR, "server", "runtime.server.luau"))) {
		throw new Error("out/ is missing: run `npm run build` (npm test does it for you)");
	}
}

/** 1-based line of the first line of `source` containing `needle`. */
export function lineOf(source: string, needle: string): number {
	const index = source.split("\n").findIndex((line) => line.includes(needle));
	if (index < 0) throw new Error(`"${needle}" not found`);
	return index + 1;
}
