import { spawn, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A real server process, launched as `npm start` launches it (server/src/main.ts start), with
 * PORT=0 and the given environment; `ready` resolves with the port once the banner names it.
 */
export interface ServerProcess {
	child: ChildProcess;
	ready: Promise<number>;
	exited: Promise<number | null>;
	output(): string;
	/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
	stop(graceMs?: number): Promise<number | null>;
}

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export function startServerProcess(env: Record<string, string>, options: { readyTimeoutMs?: number; nodeArgs?: string[] } = {}): ServerProcess {
	const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
	const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", "server/src/main.ts", "start"], {
		cwd: REPO_ROOT,
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
