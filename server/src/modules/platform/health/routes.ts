import { Type } from "@sinclair/typebox";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { sql } from "drizzle-orm";
import { Envelope, ok } from "../../../http/envelope.js";

const Health = Type.Object({
	status: Type.Union([Type.Literal("healthy"), Type.Literal("degraded")]),
	version: Type.String(),
	uptime_seconds: Type.Number(),
	checks: Type.Object({ database: Type.String(), storage: Type.String(), realtime: Type.String(), jobs: Type.String() }),
});

const startedAt = Date.now();

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
	app.get(
		"/health",
		{ schema: { tags: ["system"], summary: "System health check (no authentication)", response: { 200: Envelope(Health) } } },
		async (request) => {
			const { database, config } = app.core;
			const dbOk = await database.db.execute(sql`select 1`).then(() => true, () => false);
			return ok(request, {
				status: dbOk ? ("healthy" as const) : ("degraded" as const),
				version: "0.1.0",
				uptime_seconds: Math.round((Date.now() - startedAt) / 1000),
				checks: {
					database: dbOk ? "ok" : "unreachable",
					storage: database.kind,
					realtime: config.REDIS_URL ? "redis" : "in-process",
					jobs: config.REDIS_URL ? "bullmq" : "in-process",
				},
			});
		},
	);
};
