import autocannon from "autocannon";
import { BODY_GENERATORS } from "./scenarios/bodies.js";
import type { LoadResult, LoadSpec } from "./types.js";

/**
 * The load generator, in its own process so it never shares an event loop (or a core's time
 * slice accounting) with what it measures: receives one LoadSpec from run.ts, runs a warm-up
 * and then the measured autocannon run, and sends back the figures.
 */
process.once("message", (spec: LoadSpec) => {
	void run(spec).then(
		(result) => process.send?.(result, () => process.exit(0)),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
});

async function run(spec: LoadSpec): Promise<LoadResult> {
	const warmup = spec.warmupSeconds > 0 ? await cannon(spec, spec.warmupSeconds) : undefined;
	const result = await cannon(spec, spec.seconds);
	return {
		rps: result.requests.average,
		p50: result.latency.p50,
		p99: result.latency.p99,
		requests: result.requests.total,
		non2xx: result.non2xx,
		errors: result.errors,
		timeouts: result.timeouts,
		acknowledged: result["2xx"] + (warmup?.["2xx"] ?? 0),
		sent: result.requests.total + (warmup?.requests.total ?? 0),
		statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, (stats as { count: number }).count])),
	};
}

function cannon(spec: LoadSpec, seconds: number): Promise<autocannon.Result> {
	const next = spec.bodies ? BODY_GENERATORS[spec.bodies.generator](spec.bodies.args) : undefined;
	const request: autocannon.Request = { method: spec.method, path: spec.path, headers: spec.headers, body: spec.body };
	if (next) request.setupRequest = (req) => ({ ...req, body: next() });
	return autocannon({ url: spec.url, connections: spec.connections, duration: seconds, timeout: 10, requests: [request] });
}
