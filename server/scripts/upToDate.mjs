import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Skip-if-unchanged for the builds `npm start` runs: a build's inputs (files and folders, read
 * recursively) are hashed by content, and the hash is written beside the output once the build
 * has succeeded. Content rather than modification times, so a checkout that touches files
 * without changing them costs nothing, and an interrupted build (no stamp) runs again.
 */
export function inputsHash(root, inputs, extra = "") {
	const hash = createHash("sha256").update(extra);
	for (const input of inputs) {
		const path = join(root, input);
		if (!existsSync(path)) continue;
		const files = statSync(path).isDirectory() ? readdirSync(path, { recursive: true }).map((name) => join(path, name)) : [path];
		for (const file of files.sort()) {
			if (!statSync(file).isFile()) continue;
			hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
		}
	}
	return hash.digest("hex");
}

export function isUpToDate(stampFile, hash) {
	return existsSync(stampFile) && readFileSync(stampFile, "utf8") === hash;
}

export function stamp(stampFile, hash) {
	writeFileSync(stampFile, hash);
}
