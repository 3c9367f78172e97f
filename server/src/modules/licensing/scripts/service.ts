import { and, count, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import type { Static } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import type { Db, Tx } from "../../../db/client.js";
import { audit } from "../../../http/audit.js";
import { notFound } from "../../../http/errors.js";
import { sha256Hex } from "../../../security/crypto.js";
import { liveSince, type LicensingContext } from "../context.js";
import { executionWindow } from "../executions.js";
import { owner } from "../ownerAuth.js";
import type { CreateScriptBody, EditScriptBody, ScriptSchema } from "../schema.js";
import { licensingExecutions, licensingScripts, licensingSessions } from "../tables.js";

/**
 * The spec's script routes. A script outside the caller's project answers 404 (never 403),
 * so script ids of other owners leak nothing. Every write runs in a transaction with its audit
 * entry, then invalidates the heartbeat cache so the next heartbeat sees it.
 */
export type ScriptRow = typeof licensingScripts.$inferSelect;
export type ScriptDto = Static<typeof ScriptSchema>;

export async function ownedScript(db: Db | Tx, request: FastifyRequest, scriptId: string): Promise<ScriptRow> {
	const [row] = await db
		.select()
		.from(licensingScripts)
		.where(and(eq(licensingScripts.id, scriptId), eq(licensingScripts.projectId, owner(request).projectId)));
	if (!row) throw notFound("Script");
	return row;
}

export async function presentScripts(ctx: LicensingContext, rows: ScriptRow[]): Promise<ScriptDto[]> {
	if (rows.length === 0) return [];
	await ctx.live.flush();
	const live = await ctx.db
		.select({ scriptId: licensingSessions.scriptId, n: count() })
		.from(licensingSessions)
		.where(
			and(
				inArray(
					licensingSessions.scriptId,
					rows.map((r) => r.id),
				),
				isNull(licensingSessions.endedAt),
				gte(licensingSessions.lastSeenAt, liveSince(ctx, ctx.clock())),
			),
		)
		.groupBy(licensingSessions.scriptId);
	const instances = new Map(live.map((l) => [l.scriptId, Number(l.n)]));
	return rows.map((row) => ({
		id: row.id,
		project_id: row.projectId,
		name: row.name,
		free_for_all: row.freeForAll,
		use_heartbeat: row.useHeartbeat,
		kick_outdated: row.kickOutdated,
		require_sessions: row.requireSessions,
		enabled: row.enabled,
		total_executions: row.totalExecutions,
		total_sessions: row.totalSessions,
		total_instances: instances.get(row.id) ?? 0,
	}));
}

export async function executionsOf(ctx: LicensingContext, scriptId: string): Promise<Record<string, number>> {
	const window = executionWindow(ctx.clock());
	const rows = await ctx.db
		.select({ day: licensingExecutions.day, count: licensingExecutions.count })
		.from(licensingExecutions)
		.where(and(eq(licensingExecutions.scriptId, scriptId), gte(licensingExecutions.day, window[0].day)));
	const byDay = new Map(rows.map((r) => [r.day, r.count]));
	return Object.fromEntries(window.map((w) => [w.label, byDay.get(w.day) ?? 0]));
}

export async function createScript(ctx: LicensingContext, request: FastifyRequest, body: Static<typeof CreateScriptBody>): Promise<ScriptRow> {
	const now = ctx.clock();
	const source = body.script ?? "";
	return ctx.db.transaction(async (tx) => {
		const [row] = await tx
			.insert(licensingScripts)
			.values({
				projectId: owner(request).projectId,
				name: body.name ? body.name : null,
				freeForAll: body.free_for_all ?? false,
				useHeartbeat: body.use_heartbeat ?? true,
				kickOutdated: body.kick_outdated ?? false,
				requireSessions: body.require_sessions ?? false,
				source,
				sourceHash: sha256Hex(source),
				createdAt: now,
				updatedAt: now,
			})
			.returning();
		await writeAudit(tx, request, "licensing.script.create", row.id);
		return row;
	});
}

export async function editScript(ctx: LicensingContext, request: FastifyRequest, scriptId: string, body: Static<typeof EditScriptBody>): Promise<void> {
	const changes: Partial<typeof licensingScripts.$inferInsert> = {};
	if (typeof body.name === "string") changes.name = body.name === "" ? null : body.name;
	if (typeof body.free_for_all === "boolean") changes.freeForAll = body.free_for_all;
	if (typeof body.use_heartbeat === "boolean") changes.useHeartbeat = body.use_heartbeat;
	if (typeof body.kick_outdated === "boolean") changes.kickOutdated = body.kick_outdated;
	if (typeof body.require_sessions === "boolean") changes.requireSessions = body.require_sessions;
	await ctx.db.transaction(async (tx) => {
		await ownedScript(tx, request, scriptId);
		if (Object.keys(changes).length === 0) return;
		await tx.update(licensingScripts).set({ ...changes, updatedAt: ctx.clock() }).where(eq(licensingScripts.id, scriptId));
		await writeAudit(tx, request, "licensing.script.edit", scriptId, { fields: Object.keys(changes) });
	});
	ctx.live.invalidateScript(scriptId);
}

export async function removeScript(ctx: LicensingContext, request: FastifyRequest, scriptId: string): Promise<void> {
	await ctx.live.flush();
	await ctx.db.transaction(async (tx) => {
		await ownedScript(tx, request, scriptId);
		await tx.delete(licensingScripts).where(eq(licensingScripts.id, scriptId));
		await writeAudit(tx, request, "licensing.script.remove", scriptId);
	});
	ctx.live.forgetScript(scriptId);
}

/** A different source is a new version; posting the current source again changes nothing. */
export async function updateSource(ctx: LicensingContext, request: FastifyRequest, scriptId: string, source: string): Promise<number> {
	const digest = sha256Hex(source);
	const version = await ctx.db.transaction(async (tx) => {
		const current = await ownedScript(tx, request, scriptId);
		if (current.sourceHash === digest) return current.version;
		const [row] = await tx
			.update(licensingScripts)
			.set({ source, sourceHash: digest, version: sql`${licensingScripts.version} + 1`, updatedAt: ctx.clock() })
			.where(eq(licensingScripts.id, scriptId))
			.returning({ version: licensingScripts.version });
		await writeAudit(tx, request, "licensing.script.update", scriptId, { version: row.version });
		return row.version;
	});
	ctx.live.invalidateScript(scriptId);
	return version;
}

export async function toggleScript(ctx: LicensingContext, request: FastifyRequest, scriptId: string, state: boolean): Promise<void> {
	await ctx.db.transaction(async (tx) => {
		await ownedScript(tx, request, scriptId);
		await tx.update(licensingScripts).set({ enabled: state, updatedAt: ctx.clock() }).where(eq(licensingScripts.id, scriptId));
		await writeAudit(tx, request, "licensing.script.toggle", scriptId, { state });
	});
	ctx.live.invalidateScript(scriptId);
}

export function writeAudit(tx: Tx, request: FastifyRequest, action: string, targetId: string, details?: Record<string, unknown>): Promise<void> {
	const actor = request.licensingOwner ? { kind: "api_key" as const, id: request.licensingOwner.keyId } : undefined;
	return audit(tx, request, { action, targetType: "licensing_script", targetId, details, actor });
}
