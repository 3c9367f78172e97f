/** What run.ts hands the load process (load.ts), and what comes back. */
export interface LoadSpec {
	url: string;
	path: string;
	method: "GET" | "POST";
	headers?: Record<string, string>;
	body?: string;
	/** Bodies that must differ per request, made in the load process by a generator of scenarios/bodies.ts. */
	bodies?: { generator: BodyGeneratorName; args: Record<string, unknown> };
	connections: number;
	seconds: number;
	warmupSeconds: number;
}

export type BodyGeneratorName = "progressBatch" | "quizAnswer" | "anchorAnswer" | "lesson" | "heartbeat";

export interface LoadResult {
	rps: number;
	p50: number;
	p99: number;
	requests: number;
	non2xx: number;
	errors: number;
	timeouts: number;
	/** 2xx answers over the warm-up and the measured run (what a write scenario should find stored). */
	acknowledged: number;
	/** Measured answers by HTTP status. */
	statusCodes: Record<string, number>;
	/** Requests answered over the warm-up and the measured run. */
	sent: number;
	/** CPU time the measured server spent per request (Linux: /proc), a figure that a busy machine disturbs far less than req/s. */
	cpuMsPerRequest?: number;
}
