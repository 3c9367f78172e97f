import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { count, inArray } from "drizzle-orm";
import { Pool } from "undici";
import { loadConfig } from "../src/config.js";
import { schools, users } from "../src/db/tables.js";
import { messages } from "../src/modules/platform/messages/tables.js";
import { createCoreServices } from "../src/services.js";
import { buildServer, startServerProcess } from "../test/helpers/serverProcess.js";

/**
 * `npm run bench:pglite-writes -w server`: embedded PGlite on disk (the default `npm start`),
 * the server in its own process started as `npm start` starts it, 50 connections writing
 * messages (POST /v2/messages, a transaction of 2 INSERTs plus the audit row) for 30 s, each
 * request waiting up to 10 s for its answer. Prints the answers by status, timeouts and errors,
 * then reopens the data directory and checks that every 201 is stored exactly once and nothing
 * else is. Figures, not assertions; exits 1 on a timeout, an error or a failed check.
 * BENCH_SECONDS / BENCH_CONNECTIONS override the duration and connections.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const dataDir = mkdtempSync(join(tmpdir(), "classroom-bench-pglite-"));
const secrets = { JWT_SECRET: randomBytes(24).toString("hex"), CREDENTIALS_KEY: randomBytes(32).toString("hex") };
const env = { DATA_DIR: dataDir, DATABASE_URL: "", REDIS_URL: "", LOG_LEVEL: "silent", ...secrets, ...liftedLimits() };

try {
	buildServer();
	const { token, recipientId } = await seed();
	// BENCH_SERVER_NODE_ARGS: e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server.
	const server = startServerProcess(env, { nodeArgs: process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) });
	const port = await server.ready;
	const load = await drive(`http://127.0.0.1:${port}`, token, recipientId);
	await server.stop();

	const stored = await storedMessages(load.acknowledged);
	const distinct = new Set(load.acknowledged).size;
	const byStatus = [...load.statuses].sort(([x], [y]) => x - y).map(([status, n]) => `${status}: ${n}`).join(", ");
	const sorted = load.latencies.sort((x, y) => x - y);
	const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(0);
	console.log(`\nPOST /v2/messages on embedded PGlite (on disk), ${CONNECTIONS} connections, ${SECONDS} s`);
	console.log(`  answers      ${byStatus || "none"}`);
	console.log(`  req/s        ${(load.latencies.length / SECONDS).toFixed(0)} (p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms)`);
	console.log(`  timeouts     ${load.timeouts} (no answer within 10 s)`);
	console.log(`  errors       ${load.errors} (connection errors)`);
	console.log(`  201s         ${load.acknowledged.length}, distinct ids ${distinct}`);
	console.log(`  stored       ${stored.total} messages, ${stored.acknowledged} of them with a 201's id`);
	const exact = stored.total === load.acknowledged.length && stored.acknowledged === load.acknowledged.length && distinct === load.acknowledged.length;
	console.log(`  every 201 stored exactly once and nothing else stored: ${exact ? "yes" : "NO"}\n`);
	process.exitCode = exact && load.timeouts === 0 && load.errors === 0 ? 0 : 1;
} finally {
	rmSync(dataDir, { recursive: true, force: true });
}

/**
 * CONNECTIONS loops, each sending one message after another for SECONDS; a loop stops sending
 * when the time is up but waits for its request in flight, so every request ends with a known
 * outcome (an answer, a timeout or an error) and the stored rows can be checked against them.
 */
async function drive(origin: string, token: string, recipientId: string) {
	const pool = new Pool(origin, { connections: CONNECTIONS, headersTimeout: 10_000, bodyTimeout: 10_000 });
	const statuses = new Map<number, number>();
	const acknowledged: string[] = [];
	const latencies: number[] = [];
	let timeouts = 0;
	let errors = 0;
	let sequence = 0;
	const deadline = performance.now() + SECONDS * 1000;
	const loop = async () => {
		while (performance.now() < deadline) {
			const started = performance.now();
			try {
				const answer = await pool.request({
					method: "POST",
					path: "/v2/messages",
					headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
					body: JSON.stringify({ recipient_id: recipientId, subject: "Bench", body: `message ${++sequence}` }),
				});
				const text = await answer.body.text();
				latencies.push(performance.now() - started);
				statuses.set(answer.statusCode, (statuses.get(answer.statusCode) ?? 0) + 1);
				if (answer.statusCode === 201) acknowledged.push((JSON.parse(text) as { data: { id: string } }).data.id);
			} catch (error) {
				const code = (error as { code?: string }).code;
				if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") timeouts++;
				else errors++;
			}
		}
	};
	await Promise.all(Array.from({ length: CONNECTIONS }, loop));
	await pool.close();
	return { statuses, acknowledged, latencies, timeouts, errors };
}

/** A school with a teacher (the writer, standard tier) and a parent (the recipient), before the server starts. */
async function seed(): Promise<{ token: string; recipientId: string }> {
	const services = await createCoreServices(loadConfig({ ...env, LOG_LEVEL: "silent" }), { command: "bench" });
	try {
		const db = services.database.db;
		const [school] = await db.insert(schools).values({ name: "Bench school" }).returning();
		const [teacher, parent] = await db
			.insert(users)
			.values((["teacher", "parent"] as const).map((role) => ({ email: `bench-${role}@example.test`, username: `bench-${role}`, displayName: `Bench ${role}`, role, schoolId: school.id })))
			.returning();
		const pair = await services.tokens.issue({ id: teacher.id, role: "teacher", schoolId: school.id, tier: "standard" });
		return { token: pair.access_token, recipientId: parent.id };
	} finally {
		await services.close();
	}
}

async function storedMessages(ids: string[]): Promise<{ total: number; acknowledged: number }> {
	const services = await createCoreServices(loadConfig(env), { command: "bench" });
	try {
		const db = services.database.db;
		const [{ total }] = await db.select({ total: count() }).from(messages);
		let acknowledged = 0;
		for (let i = 0; i < ids.length; i += 1000) {
			const [{ n }] = await db.select({ n: count() }).from(messages).where(inArray(messages.id, ids.slice(i, i + 1000)));
			acknowledged += n;
		}
		return { total, acknowledged };
	} finally {
		await services.close();
	}
}

function liftedLimits(): Record<string, string> {
	const lots = "100000000";
	return Object.fromEntries(
		["RATE_LIMIT_STANDARD", "RATE_LIMIT_PREMIUM", "RATE_LIMIT_ENTERPRISE", "RATE_LIMIT_ANONYMOUS", "RATE_LIMIT_AUTH_PER_MINUTE", "RATE_LIMIT_GENERATION_PER_MINUTE", "RATE_LIMIT_DATA_PER_MINUTE", "RATE_LIMIT_ANALYTICS_PER_MINUTE", "RATE_LIMIT_BURST_PER_SECOND"].map((name) => [name, lots]),
	);
}
