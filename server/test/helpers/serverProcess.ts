import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A real server process, launched as `npm start -w server` launches it (the esbuild build, then
 * `node dist/main.js start` in server/), with PORT=0 and the given environment; `ready`
 * resolves with the port once the banner names it. Call buildServer() first.
 */
export interface ServerProcess {
	child: ChildProcess;
	ready: Promise<number>;
	exited: Promise<number | null>;
	output(): string;
	/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
	stop(graceMs?: number): Promise<number | null>;
}

export const SERVER_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

let built = false;
/** `npm run build -w server` (skipped by the build itself when src/ is unchanged), once per process. */
export function buildServer(): void {
	if (built) return;
	execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: SERVER_ROOT, stdio: "ignore" });
	built = true;
}

export function startServerProcess(env: Record<string, string>, options: { readyTimeoutMs?: number; nodeArgs?: string[] } = {}): ServerProcess {
	const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
	const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "dist/main.js", "start"], {
		cwd: SERVER_ROOT,
		env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env },
		stdio: ["ignore", "pipe", "pipe"],
	});
	let text = "";
	child.stdout!.on("data", (chunk: Buffer) => (text += chunk.toString()));
	child.stderr!.on("data", (chunk: Buffer) => (text += chunk.toString()));
	const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
	const ready = new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`not ready within ${readyTimeoutMs} ms:\n${text}`)), readyTimeoutMs);
		const check = () => {
			const match = /API\s+http:\/\/127\.0\.0\.1:(\d+)\/v2\/health/.exec(text);
			if (!match) return;
			clearTimeout(timer);
			resolve(Number(match[1]));
		};
		child.stdout!.on("data", check);
		void exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`exited with ${code} before ready:\n${text}`));
		});
	});
	ready.catch(() => {});
	return {
		child,
		ready,
		exited,
		output: () => text,
		async stop(graceMs = 10_000) {
			if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
			child.kill("SIGTERM");
			const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
			const code = await exited;
			clearTimeout(timer);
			return code;
		},
	};
}

/** A JSON request to a server process on loopback, with an optional bearer token; the status and parsed body. */
export async function callServer(port: number, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; json: Record<string, any> }> {
	const res = await fetch(`http://127.0.0.1:${port}${path}`, {
		method,
		headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
		body: body ? JSON.stringify(body) : undefined,
	});
	return { status: res.status, json: (await res.json()) as Record<string, any> };
}
