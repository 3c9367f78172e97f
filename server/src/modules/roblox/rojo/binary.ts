import { execFile } from "node:child_process";
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, isAbsolute, join, resolve } from "node:path";

export interface RojoInstallation {
	installed: boolean;
	version: string | null;
	path: string | null;
	error?: string;
}

/**
 * Finds Rojo: ROJO_BIN when set, else `rojo` on PATH, and asks it `--version`. Absent or broken
 * is an answer (`installed: false`), never an exception.
 */
export async function findRojo(rojoBin: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<RojoInstallation> {
	const path = rojoBin ? (isAbsolute(rojoBin) ? rojoBin : resolve(rojoBin)) : await onPath("rojo", env.PATH ?? "");
	if (!path || !(await executable(path))) return { installed: false, version: null, path: null };
	try {
		const output = await run(path, ["--version"]);
		const version = /(\d+\.\d+\.\d+(?:[-+][\w.]+)?)/.exec(output)?.[1] ?? null;
		return { installed: version !== null, version, path, ...(version ? {} : { error: `Unexpected --version output: ${output.slice(0, 100)}` }) };
	} catch (error) {
		return { installed: false, version: null, path, error: (error as Error).message };
	}
}

async function onPath(name: string, pathVariable: string): Promise<string | undefined> {
	for (const dir of pathVariable.split(delimiter).filter(Boolean)) {
		const candidate = join(dir, name);
		if (await executable(candidate)) return candidate;
	}
	return undefined;
}

const executable = (path: string) =>
	access(path, constants.X_OK).then(
		() => true,
		() => false,
	);

function run(file: string, args: string[]): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		execFile(file, args, { timeout: 5000 }, (error, stdout, stderr) => (error ? reject(error) : resolvePromise(`${stdout}${stderr}`)));
	});
}
