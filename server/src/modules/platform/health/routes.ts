import { Type } from "@sinclair/typebox";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { sql } from "drizzle-orm";
import { DATABASE_RETRY_AFTER_SECONDS } from "../../../db/unavailable.js";
import { Envelope, ok } from "../../../http/envelope.js";
import { pingRedis } from "../../../http/sharedRedis.js";

const Health = Type.Object({
	status: Type.Union([Type.Literal("healthy"), Type.Literal("degraded")]),
	version: Type.String(),
	uptime_seconds: Type.Number(),
	checks: Type.Object(
		{ database: Type.String(), storage: Type.String(), realtime: Type.String(), jobs: Type.String(), redis: Type.Optional(Type.String()) },
		{ additionalProperties: Type.String() },
	),
});

const startedAt = Date.now();
/** A database that does not answer `select 1` within this is unreachable (a hung connection must not hang health). */
const DATABASE_PROBE_MS = 2000;

/**
 * GET /health: `healthy` (200) when every dependency answers. When the database or Redis (with
 * REDIS_URL) does not, `degraded` with HTTP 503 and the failing check named, so a load balancer
 * takes the instance out. A failing upstream that restarting would not fix (Discord refusing the
 * bot token) also makes it `degraded` and names it, answered 200.
 */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
	app.get(
		"/health",
		{
			schema: {
				tags: ["system"],
				summary: "System health check (no authentication)",
				description:
					"checks: database (ok|unreachable), redis (ok|unreachable, only with REDIS_URL), and any upstream the process has seen failing (e.g. discord: unauthorized). 503 with status `degraded` when the database or Redis fails; 200 with status `degraded` when only an upstream does.",
				response: { 200: Envelope(Health), 503: Envelope(Health) },
			},
		},
		async (request, reply) => {
			const { database, config, redis, dependencies } = app.core;
			const [dbOk, redisOk] = await Promise.all([
				probe(database.db.execute(sql`select 1`), DATABASE_PROBE_MS),
				redis ? pingRedis(redis) : Promise.resolve(true),
			]);
			if (redis) dependencies.report("redis", redisOk ? "ok" : "unreachable", { critical: true });
			const checks: { database: string; storage: string; realtime: string; jobs: string; [name: string]: string } = {
				database: dbOk ? "ok" : "unreachable",
				storage: database.kind,
				realtime: config.REDIS_URL ? "redis" : "in-process",
				jobs: config.REDIS_URL ? "bullmq" : "in-process",
			};
			let critical = !dbOk;
			let degraded = !dbOk;
			for (const [name, state] of Object.entries(dependencies.snapshot())) {
				checks[name] = state.state;
				if (!state.ok) {
					degraded = true;
					critical ||= state.critical;
				}
			}
			reply.code(critical ? 503 : 200);
			if (critical) reply.header("retry-after", String(DATABASE_RETRY_AFTER_SECONDS));
			return ok(request, {
				status: degraded ? ("degraded" as const) : ("healthy" as const),
				version: "0.1.0",
				uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
				checks,
			});
		},
	);
};

/** Whether `query` succeeds within `ms`. */
function probe(query: Promise<unknown>, ms: number): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
	return Promise.race([query.then(() => true, () => false), timeout]).finally(() => clearTimeout(timer));
}
