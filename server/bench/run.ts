import autocannon from "autocannon";
import Fastify from "fastify";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createCoreServices } from "../src/services.js";
import { SCENARIOS, type BenchTarget } from "./scenarios/index.js";

/**
 * `npm run bench`: starts the real backend (embedded PGlite in memory, rate limits lifted) and a
 * bare Fastify hello-world in the same process, drives both with autocannon on loopback and
 * prints requests/s, p50/p99 and the ratio to the bare baseline. Figures, not assertions.
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const only = process.argv[2];

const bare = Fastify();
bare.get("/", async () => ({ hello: "world" }));
bare.post("/", async (request) => ({ ok: true, echo: request.body }));
const bareUrl = await bare.listen({ port: 0, host: "127.0.0.1" });

const config = loadConfig({
	DATABASE_URL: "memory://",
	LOG_LEVEL: "silent",
	RATE_LIMIT_STANDARD: "100000000",
	RATE_LIMIT_PREMIUM: "100000000",
	RATE_LIMIT_ENTERPRISE: "100000000",
	RATE_LIMIT_ANONYMOUS: "100000000",
	RATE_LIMIT_AUTH_PER_MINUTE: "100000000",
	RATE_LIMIT_GENERATION_PER_MINUTE: "100000000",
	RATE_LIMIT_DATA_PER_MINUTE: "100000000",
	RATE_LIMIT_ANALYTICS_PER_MINUTE: "100000000",
	RATE_LIMIT_BURST_PER_SECOND: "100000000",
});
const services = await createCoreServices(config);
const app = await buildApp(services);
const url = await app.listen({ port: 0, host: "127.0.0.1" });
const target: BenchTarget = { url, app, services };

const baseline = await measure({ url: bareUrl, method: "GET" });
const baselinePost = await measure({ url: bareUrl, method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ a: 1 }) });
console.log(`\nbare Fastify GET  ${fmt(baseline)}`);
console.log(`bare Fastify POST ${fmt(baselinePost)}\n`);

for (const scenario of SCENARIOS) {
	if (only && !scenario.name.includes(only)) continue;
	const request = await scenario.prepare(target);
	const result = await measure({ ...request, url: url + request.path });
	const base = request.method === "GET" ? baseline : baselinePost;
	const errors = result.non2xx + result.errors;
	console.log(`${scenario.name.padEnd(34)} ${fmt(result)}  ratio ${(result.rps / base.rps).toFixed(2)}x bare${errors ? `  (${errors} errors!)` : ""}`);
	if (scenario.report) console.log(`  ${await scenario.report(target, result)}`);
}

await app.close();
await services.close();
await bare.close();

interface Measured {
	rps: number;
	p50: number;
	p99: number;
	non2xx: number;
	errors: number;
	requests: number;
}

async function measure(options: autocannon.Options): Promise<Measured> {
	const result = await autocannon({ connections: CONNECTIONS, duration: DURATION, ...options });
	return {
		rps: result.requests.average,
		p50: result.latency.p50,
		p99: result.latency.p99,
		non2xx: result.non2xx,
		errors: result.errors,
		requests: result.requests.total,
	};
}

function fmt(m: Measured): string {
	return `${m.rps.toFixed(0).padStart(7)} req/s  p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms`;
}
