import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ANCHOR_PLAYERS } from "./anchorSql.js";
import { BenchApi } from "./api.js";
import { createScratchDatabase, gitCommit, load, quiesce, startAnchor, startServer, stopAll } from "./processes.js";
import { QUESTIONS } from "./scenarios/classroom.js";
import { SCENARIOS, type AnchorName, type BenchRequest } from "./scenarios/index.js";
import type { LoadResult } from "./types.js";

/**
 * `npm run bench [-- <name filter>...] [--json file] [--connections 50] [--seconds 5]`: measures
 * like a user's deployment. The server runs in its own process, started as `npm start` starts
 * it (compiled dist/, default log level), on PGlite in a temporary DATA_DIR, or on PostgreSQL
 * when DATABASE_URL is set (a scratch database is created on that server and dropped after).
 * The anchors run in their own processes in the same run (anchor.ts: bare Fastify, and Fastify +
 * the same driver doing the minimal SQL of anchorSql.ts), and so does the load generator
 * (load.ts, autocannon). Rate limits are lifted. Prints req/s, p50/p99 and the ratio to each
 * scenario's anchor; --json (or BENCH_JSON) writes the figures for comparing commits.
 * Figures, not assertions.
 *
 * A scenario and its anchor are measured in --rounds rounds (default 3), alternating which goes
 * first (P A, A P, P A...), so that drift on a shared machine (a checkpoint, a neighbour's burst,
 * the server's JIT still warming) falls on both sides instead of on whichever ran second. A row
 * gives the median round's req/s, p50 and CPU, the worst round's p99, and every round's errors.
 * Before each scenario the machine is quiesced (processes.ts quiesce: sync, CHECKPOINT), so a
 * scenario does not pay for writing out what the one before it left behind.
 */
const { values: args, positionals } = parseArgs({
	allowPositionals: true,
	options: { json: { type: "string" }, connections: { type: "string" }, seconds: { type: "string" }, warmup: { type: "string" }, rounds: { type: "string" } },
});
const CONNECTIONS = Number(args.connections ?? process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(args.seconds ?? process.env.BENCH_SECONDS ?? 5);
const WARMUP = Number(args.warmup ?? process.env.BENCH_WARMUP_SECONDS ?? 1);
const ROUNDS = Math.max(1, Number(args.rounds ?? process.env.BENCH_ROUNDS ?? 3));
const JSON_FILE = args.json ?? process.env.BENCH_JSON;
// Name filters: `users/me`, or several at once, `messages heartbeat`.
const only = positionals;


const ANCHOR_REQUESTS: Record<AnchorName, { process: "bare" | "db"; request: BenchRequest }> = {
	"bare GET": { process: "bare", request: { path: "/", method: "GET" } },
	"bare POST": { process: "bare", request: { path: "/", method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ a: 1 }) } },
	"db read": { process: "db", request: { path: "/read", method: "GET" } },
	"db message": {
		process: "db",
		request: {
			path: "/message",
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ recipient_id: "7d0c4a8e-3b1f-4f8e-9a57-2f4d9c1e6b3a", subject: "Progress", body: "Your child finished the fractions lesson." }),
		},
	},
	"db answer": {
		process: "db",
		request: { path: "/answer", method: "POST", headers: { "content-type": "application/json" }, bodies: { generator: "anchorAnswer", args: { players: ANCHOR_PLAYERS, questions: QUESTIONS } } },
	},
};

interface Row extends LoadResult {
	name: string;
	connections: number;
	anchor: AnchorName;
	anchorResult: LoadResult;
	ratio: number;
	report?: string;
	/** Each round's figures, project and anchor, in the order measured. */
	rounds: { project: LoadResult; anchor: LoadResult; anchorFirst: boolean }[];
}

const work = mkdtempSync(join(tmpdir(), "bench-"));
const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : undefined;
const rows: Row[] = [];
try {
	const anchors = { bare: await startAnchor("bare", scratch?.url), db: await startAnchor("db", scratch?.url) };
	const server = await startServer({ work, databaseUrl: scratch?.url, profile: Boolean(process.env.BENCH_PROFILE) });
	const api = new BenchApi(server.url);
	console.log(`\nbench: ${scratch ? "PostgreSQL" : "PGlite"}, ${CONNECTIONS} connections, ${SECONDS} s per run after ${WARMUP} s warm-up, ${ROUNDS} rounds, load average ${loadavg().map((n) => n.toFixed(2)).join(" ")}\n`);
	for (const scenario of SCENARIOS) {
		if (only.length > 0 && !only.some((filter) => scenario.name.includes(filter))) continue;
		const connections = scenario.connections ?? CONNECTIONS;
		const request = await scenario.prepare(api).catch((error: Error) => void console.error(`${scenario.name}: set-up failed: ${error.message}`));
		if (!request) continue;
		const anchor = ANCHOR_REQUESTS[scenario.anchor];
		const target = anchors[anchor.process];
		const measureProject = () => load({ ...request, url: server.url, connections, seconds: SECONDS, warmupSeconds: WARMUP }, server.pid);
		const measureAnchor = () => load({ ...anchor.request, url: target.url, connections, seconds: SECONDS, warmupSeconds: WARMUP }, target.pid);
		const rounds: Row["rounds"] = [];
		await quiesce(scratch);
		for (let round = 0; round < ROUNDS; round++) {
			const anchorFirst = round % 2 === 1;
			const first = await (anchorFirst ? measureAnchor() : measureProject());
			const second = await (anchorFirst ? measureProject() : measureAnchor());
			rounds.push(anchorFirst ? { project: second, anchor: first, anchorFirst } : { project: first, anchor: second, anchorFirst });
		}
		const result = summarise(rounds.map((r) => r.project));
		const anchorResult = summarise(rounds.map((r) => r.anchor));
		const row: Row = { name: scenario.name, connections, anchor: scenario.anchor, ...result, anchorResult, ratio: result.rps / anchorResult.rps, rounds };
		row.report = await scenario.report?.(api, result);
		rows.push(row);
		console.log(line(row));
		for (const [i, r] of rounds.entries()) console.log(`    round ${i + 1}${r.anchorFirst ? " (anchor first)" : ""}: ${fmt(r.project)}  ${(r.project.rps / r.anchor.rps).toFixed(2)}x (${fmt(r.anchor)})`);
		if (row.report) console.log(`    ${row.report}`);
	}
	await api.close();
	console.log(`\n${table(rows)}\nload average at the end ${loadavg().map((n) => n.toFixed(2)).join(" ")}; server log: ${join(work, "server.log")}`);
	if (JSON_FILE) {
		writeFileSync(JSON_FILE, `${JSON.stringify({ commit: gitCommit(), date: new Date().toISOString(), database: scratch ? "postgres" : "pglite", cpus: cpus().length, loadavg: loadavg(), connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS, rows }, null, 2)}\n`);
		console.log(`wrote ${JSON_FILE}`);
	}
} finally {
	await stopAll();
	if (scratch) await scratch.drop();
	if (process.env.BENCH_KEEP || process.env.BENCH_PROFILE) console.log(`kept ${work}`);
	else rmSync(work, { recursive: true, force: true, maxRetries: 3 });
}

function line(row: Row): string {
	const errors = row.errors + row.non2xx + row.timeouts;
	return `${row.name.padEnd(52)} ${fmt(row)}  ${row.ratio.toFixed(2)}x ${row.anchor} (${fmt(row.anchorResult)})${errors ? `  ${errors} ERRORS (statuses ${JSON.stringify(row.statusCodes)}, timeouts ${row.timeouts})` : ""}`;
}

function fmt(m: LoadResult): string {
	return `${m.rps.toFixed(0).padStart(6)} req/s p50 ${m.p50.toFixed(1)} p99 ${m.p99.toFixed(1)} ms${m.cpuMsPerRequest === undefined ? "" : ` cpu ${m.cpuMsPerRequest.toFixed(3)} ms/req`}`;
}

function cpu(m: LoadResult): string {
	return m.cpuMsPerRequest?.toFixed(3) ?? "-";
}

function table(all: Row[]): string {
	const head = "| route | conns | req/s | p50 ms | p99 ms | errors | server CPU ms/req | anchor | anchor req/s | anchor CPU ms/req | ratio |\n|---|---|---|---|---|---|---|---|---|---|---|";
	const body = all.map(
		(r) =>
			`| ${r.name} | ${r.connections} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors + r.non2xx + r.timeouts} | ${cpu(r)} | ${r.anchor} | ${r.anchorResult.rps.toFixed(0)} | ${cpu(r.anchorResult)} | ${r.ratio.toFixed(2)} |`,
	);
	return [head, ...body].join("\n");
}

/** One figure from several rounds: the median round's throughput, p50 and CPU, the worst p99, all errors and answers. */
function summarise(results: LoadResult[]): LoadResult {
	const median = (pick: (r: LoadResult) => number | undefined): number | undefined => {
		const values = results.map(pick).filter((v): v is number => v !== undefined).sort((a, b) => a - b);
		if (values.length === 0) return undefined;
		const mid = values.length >> 1;
		return values.length % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
	};
	const sum = (pick: (r: LoadResult) => number) => results.reduce((total, r) => total + pick(r), 0);
	const statusCodes: Record<string, number> = {};
	for (const r of results) for (const [code, count] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
	return {
		rps: median((r) => r.rps)!,
		p50: median((r) => r.p50)!,
		p99: Math.max(...results.map((r) => r.p99)),
		requests: sum((r) => r.requests),
		non2xx: sum((r) => r.non2xx),
		errors: sum((r) => r.errors),
		timeouts: sum((r) => r.timeouts),
		acknowledged: sum((r) => r.acknowledged),
		sent: sum((r) => r.sent),
		statusCodes,
		cpuMsPerRequest: median((r) => r.cpuMsPerRequest),
	};
}
