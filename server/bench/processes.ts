import { execFileSync, fork, spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { BENCH_ADMIN } from "./api.js";
import type { LoadResult, LoadSpec } from "./types.js";

/**
 * The processes of a bench run: the server as `npm start` runs it, the anchors, one load
 * generator per measurement, and a scratch PostgreSQL database. Every process started here is
 * remembered and stopped by stopAll().
 */
export interface Target {
	url: string;
	pid: number;
}

const here = dirname(fileURLToPath(import.meta.url));
export const serverRoot = join(here, "..");
const children: ChildProcess[] = [];

/** Rate limits lifted: the bench measures the route, not the limiter's refusals. */
export const LIFTED_LIMITS = Object.fromEntries(
	[
		"RATE_LIMIT_STANDARD",
		"RATE_LIMIT_PREMIUM",
		"RATE_LIMIT_ENTERPRISE",
		"RATE_LIMIT_ANONYMOUS",
		"RATE_LIMIT_AUTH_PER_MINUTE",
		"RATE_LIMIT_GENERATION_PER_MINUTE",
		"RATE_LIMIT_DATA_PER_MINUTE",
		"RATE_LIMIT_ANALYTICS_PER_MINUTE",
		"RATE_LIMIT_BURST_PER_SECOND",
		"CLASSROOM_PLACE_KEY_RATE_LIMIT",
	].map((name) => [name, "100000000"]),
);

/**
 * The backend as `npm start` runs it: node on dist/main.js, its output in `work/server.log`, on
 * PGlite in `work/data` unless `databaseUrl` is given. `env` adds variables (WORKERS, REDIS_URL).
 */
export async function startServer(options: { work: string; databaseUrl?: string; env?: NodeJS.ProcessEnv; profile?: boolean }): Promise<Target> {
	const port = await freePort();
	const log = openSync(join(options.work, "server.log"), "a");
	const env: NodeJS.ProcessEnv = {
		...process.env,
		...LIFTED_LIMITS,
		DATABASE_URL: options.databaseUrl ?? "",
		DATA_DIR: join(options.work, "data"),
		HOST: "127.0.0.1",
		PORT: String(port),
		ADMIN_EMAIL: BENCH_ADMIN.email,
		ADMIN_PASSWORD: BENCH_ADMIN.password,
		...options.env,
	};
	if (!options.databaseUrl) delete env.DATABASE_URL;
	// The server writes a CPU profile (node --cpu-prof) into the work folder.
	const profile = options.profile ? ["--cpu-prof", `--cpu-prof-dir=${join(options.work, "profile")}`] : [];
	const child = spawn(process.execPath, [...profile, "dist/main.js", "start"], { cwd: serverRoot, env, stdio: ["ignore", log, log] });
	closeSync(log);
	children.push(child);
	const url = `http://127.0.0.1:${port}`;
	for (let waited = 0; waited < 60_000; waited += 100) {
		if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}); see ${join(options.work, "server.log")}`);
		if (await fetch(`${url}/v2/health`).then((res) => res.ok, () => false)) return { url, pid: child.pid! };
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error("the server did not answer /v2/health within 60 s");
}

export function startAnchor(kind: "bare" | "db", databaseUrl: string | undefined): Promise<Target> {
	const child = fork(join(here, "anchor.ts"), [kind], { execArgv: ["--import", "tsx"], env: { ...process.env, BENCH_DATABASE_URL: databaseUrl ?? "" } });
	children.push(child);
	return new Promise((resolve, reject) => {
		child.once("message", (message: { url: string }) => resolve({ url: message.url, pid: child.pid! }));
		child.once("exit", (code) => reject(new Error(`anchor ${kind} exited (${code})`)));
	});
}

/**
 * Runs one load in a fresh load-generator process; `pid` is the measured server, for its CPU
 * time (its child processes included: the workers of a `WORKERS=N` primary).
 */
export function load(spec: LoadSpec, pid: number): Promise<LoadResult> {
	const child = fork(join(here, "load.ts"), [], { execArgv: ["--import", "tsx"] });
	let cpuBefore: number | undefined;
	child.once("spawn", () => (cpuBefore = cpuMs(pid)));
	return new Promise((resolve, reject) => {
		child.once("message", (result: LoadResult) => {
			const cpuAfter = cpuMs(pid);
			if (cpuBefore !== undefined && cpuAfter !== undefined && result.sent > 0) result.cpuMsPerRequest = (cpuAfter - cpuBefore) / result.sent;
			resolve(result);
		});
		child.once("exit", (code) => code !== 0 && reject(new Error(`load generator exited (${code})`)));
		child.send(spec);
	});
}

/** Stops every process this module started. */
export async function stopAll(): Promise<void> {
	await Promise.all(children.splice(0).map(stop));
}

export function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		child.once("exit", () => resolve());
		if (child.connected) child.disconnect();
		else child.kill("SIGTERM");
	});
}

/** A database created on the server of `url` for this run, dropped by drop(). */
export async function createScratchDatabase(url: string): Promise<{ url: string; checkpoint(): Promise<void>; drop(): Promise<void> }> {
	const name = `bench_${process.pid}_${Date.now()}`;
	const admin = postgres(url, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	const scratchUrl = new URL(url);
	scratchUrl.pathname = `/${name}`;
	return {
		url: scratchUrl.toString(),
		async checkpoint() {
			// Not VACUUM ANALYZE: on the scratch database's still-empty tables it records "no rows",
			// and the next scenario's prepared statements were planned for that (quiz answers 0.75x -> 0.61x).
			await admin.unsafe("checkpoint");
		},
		async drop() {
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end({ timeout: 5 });
		},
	};
}

/**
 * Writes out what earlier measurements left in memory, so that it is not written during the next
 * one: the page cache (the server's log: a read scenario writes ~100 MB of access lines, which
 * the kernel flushes 30 s later, in the middle of whatever runs then) and, on PostgreSQL, the
 * write scenarios' dirty buffers (CHECKPOINT).
 */
export async function quiesce(database?: { checkpoint(): Promise<void> }): Promise<void> {
	if (process.platform === "linux") execFileSync("sync");
	await database?.checkpoint();
}

/** User + system CPU time of a process and its live children so far, in ms (Linux); undefined elsewhere. */
export function cpuMs(pid: number): number | undefined {
	const own = processCpuMs(pid);
	if (own === undefined) return undefined;
	return childPids(pid).reduce((sum, child) => sum + (processCpuMs(child) ?? 0), own);
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer().listen(0, "127.0.0.1", () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
		probe.on("error", reject);
	});
}

export function gitCommit(): string | undefined {
	try {
		return execFileSync("git", ["rev-parse", "HEAD"], { cwd: serverRoot, encoding: "utf8" }).trim();
	} catch {
		return undefined;
	}
}

function processCpuMs(pid: number): number | undefined {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
		return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms (USER_HZ is 100 on Linux)
	} catch {
		return undefined;
	}
}

function childPids(pid: number): number[] {
	try {
		return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
			readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").split(" ").filter(Boolean).map(Number),
		);
	} catch {
		return [];
	}
}
