import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BenchApi } from "./api.js";
import { createScratchDatabase, load, startAnchor, startServer, stopAll } from "./processes.js";
import type { LoadResult } from "./types.js";

/**
 * `npm run bench:workers -w server [-- --workers 2] [--connections 50] [--seconds 5]`: the read
 * route (GET /v2/users/me) against one server process, then against `WORKERS=N` processes, on
 * the same scratch PostgreSQL database and Redis (both required: DATABASE_URL, REDIS_URL), with
 * the "db read" anchor measured in the same run. The load generator runs in its own process, so
 * on a machine with fewer cores than workers + load generator + PostgreSQL the figure measures
 * the machine, not the server: the cores are printed next to it. Figures, not assertions.
 */
const { values: args } = parseArgs({ options: { workers: { type: "string" }, connections: { type: "string" }, seconds: { type: "string" } } });
const WORKERS = Number(args.workers ?? 2);
const CONNECTIONS = Number(args.connections ?? 50);
const SECONDS = Number(args.seconds ?? 5);
const { DATABASE_URL, REDIS_URL } = process.env;
if (!DATABASE_URL?.startsWith("postgres") || !REDIS_URL) {
	console.error("bench:workers needs DATABASE_URL=postgres://... and REDIS_URL=redis://... (WORKERS above 1 shares both)");
	process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), "bench-workers-"));
const scratch = await createScratchDatabase(DATABASE_URL);
// One pair of secrets for both starts: the second start on the same database must agree with the first.
const secrets = { JWT_SECRET: randomBytes(32).toString("hex"), CREDENTIALS_KEY: randomBytes(32).toString("hex"), REDIS_URL, REDIS_KEY_PREFIX: `bench-${process.pid}:` };
try {
	console.log(`\nbench:workers: PostgreSQL + Redis, ${CONNECTIONS} connections, ${SECONDS} s per run, ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(2)).join(" ")}\n`);
	const anchor = await startAnchor("db", scratch.url);
	const anchorResult = await load({ url: anchor.url, path: "/read", method: "GET", connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: 1 }, anchor.pid);
	const single = await measure(1);
	const many = await measure(WORKERS);
	console.log(row("db read anchor", anchorResult));
	console.log(row("GET /v2/users/me, 1 process", single));
	console.log(row(`GET /v2/users/me, WORKERS=${WORKERS}`, many));
	console.log(`\nWORKERS=${WORKERS} / 1 process: ${(many.rps / single.rps).toFixed(2)}x req/s (goal 1.5x where the machine has cores to spare); load average at the end ${loadavg().map((n) => n.toFixed(2)).join(" ")}`);
} finally {
	await stopAll();
	await scratch.drop();
	rmSync(work, { recursive: true, force: true, maxRetries: 3 });
}

async function measure(workers: number): Promise<LoadResult> {
	const server = await startServer({ work, databaseUrl: scratch.url, env: { ...secrets, WORKERS: String(workers) } });
	const api = new BenchApi(server.url);
	try {
		const { token } = await api.teacher(`Workers ${workers}`);
		return await load({ url: server.url, path: "/v2/users/me", method: "GET", headers: { authorization: `Bearer ${token}` }, connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: 1 }, server.pid);
	} finally {
		await api.close();
		await stopServer(server.pid);
	}
}

/** Stops one server (the cluster primary stops its workers on SIGTERM) before the next starts. */
async function stopServer(pid: number): Promise<void> {
	process.kill(pid, "SIGTERM");
	for (let waited = 0; waited < 10_000; waited += 100) {
		try {
			process.kill(pid, 0);
		} catch {
			return;
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

function row(name: string, m: LoadResult): string {
	const errors = m.errors + m.non2xx + m.timeouts;
	return `${name.padEnd(36)} ${m.rps.toFixed(0).padStart(6)} req/s p50 ${m.p50.toFixed(1)} p99 ${m.p99.toFixed(1)} ms${m.cpuMsPerRequest === undefined ? "" : ` cpu ${m.cpuMsPerRequest.toFixed(3)} ms/req`}${errors ? `  ${errors} ERRORS` : ""}`;
}
