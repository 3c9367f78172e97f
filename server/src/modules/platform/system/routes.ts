import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { sql } from "drizzle-orm";
import { Envelope, ok } from "../../../http/envelope.js";
import { requirePermission } from "../roles/permissions.js";
import { DEFAULT_SETTINGS, SETTING_SCHEMAS, SettingsPatchSchema, SettingsSchema, readSettings, writeSettings } from "./settings.js";

const security = [{ bearerAuth: [] }];
const startedAt = new Date();

const SystemHealth = Type.Object({
	status: Type.Union([Type.Literal("healthy"), Type.Literal("degraded")]),
	started_at: Type.String({ format: "date-time" }),
	uptime_seconds: Type.Number(),
	node_version: Type.String(),
	database: Type.Object({ kind: Type.String(), ok: Type.Boolean(), latency_ms: Type.Number() }),
	memory: Type.Object({ rss_bytes: Type.Integer(), heap_used_bytes: Type.Integer(), heap_total_bytes: Type.Integer(), external_bytes: Type.Integer() }),
	realtime: Type.Object({ mode: Type.String() }),
	jobs: Type.Object({ mode: Type.String() }),
	rate_limits: Type.Object({ store: Type.String(), standard: Type.Integer(), premium: Type.Integer(), enterprise: Type.Integer() }),
});

const SettingInfo = Type.Object({ key: Type.String(), description: Type.String(), default: Type.Unknown(), schema: Type.Unknown() });
const Config = Type.Object({ values: SettingsSchema, keys: Type.Array(SettingInfo) });

/** /v2/system: detailed health and run-time configuration, for admins. */
export const systemRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const { db } = app.core.database;

	app.get(
		"/health",
		{
			preHandler: requirePermission("system.read"),
			schema: { tags: ["system"], summary: "Detailed system health: database, uptime, memory, queue and hub modes", security, response: { 200: Envelope(SystemHealth) } },
		},
		async (request) => {
			const { config, database } = app.core;
			const t0 = performance.now();
			const dbOk = await db.execute(sql`select 1`).then(() => true, () => false);
			const latency = Math.round((performance.now() - t0) * 100) / 100;
			const memory = process.memoryUsage();
			const shared = config.REDIS_URL ? "redis" : "in-process";
			return ok(request, {
				status: dbOk ? ("healthy" as const) : ("degraded" as const),
				started_at: startedAt.toISOString(),
				uptime_seconds: Math.round(process.uptime()),
				node_version: process.version,
				database: { kind: database.kind, ok: dbOk, latency_ms: latency },
				memory: { rss_bytes: memory.rss, heap_used_bytes: memory.heapUsed, heap_total_bytes: memory.heapTotal, external_bytes: memory.external },
				realtime: { mode: shared },
				jobs: { mode: config.REDIS_URL ? "bullmq" : "in-process" },
				rate_limits: { store: shared, standard: config.RATE_LIMIT_STANDARD, premium: config.RATE_LIMIT_PREMIUM, enterprise: config.RATE_LIMIT_ENTERPRISE },
			});
		},
	);

	app.get(
		"/config",
		{
			preHandler: requirePermission("system.read"),
			schema: { tags: ["system"], summary: "Run-time settings and the documented keys", security, response: { 200: Envelope(Config) } },
		},
		async (request) => ok(request, { values: await readSettings(db), keys: settingInfo() }),
	);

	app.patch(
		"/config",
		{
			preHandler: requirePermission("system.manage"),
			schema: { tags: ["system"], summary: "Change run-time settings (only the documented keys)", security, body: SettingsPatchSchema, response: { 200: Envelope(Config) } },
		},
		async (request) => ok(request, { values: await writeSettings(db, request, request.body), keys: settingInfo() }, "Configuration updated"),
	);
};

function settingInfo() {
	return Object.entries(SETTING_SCHEMAS).map(([key, schema]) => ({
		key,
		description: schema.description ?? "",
		default: DEFAULT_SETTINGS[key as keyof typeof DEFAULT_SETTINGS],
		schema: JSON.parse(JSON.stringify(schema)) as unknown,
	}));
}
