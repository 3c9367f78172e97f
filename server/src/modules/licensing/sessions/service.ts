import { and, desc, eq, gte, inArray, isNull, type SQL } from "drizzle-orm";
import type { Static } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import { notFound } from "../../../http/errors.js";
import { hashApiKey } from "../../../security/apiKeys.js";
import { liveSince, type LicensingContext } from "../context.js";
import { DEFAULT_PAGE, PAGE_CAP, type SessionDetailSchema, type SessionSchema, type SessionsFilterQuery } from "../schema.js";
import { ownedScript, writeAudit } from "../scripts/service.js";
import { licensingKeys, licensingSessions } from "../tables.js";

/**
 * Session listing and disconnects. Lists show live sessions only (not ended, heartbeat within
 * the last 3 intervals), newest first; ended and dead sessions stay readable one by one and
 * stay counted in total_sessions.
 */
type SessionRow = typeof licensingSessions.$inferSelect;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function listSessions(
	ctx: LicensingContext,
	request: FastifyRequest,
	scriptId: string,
	query: Partial<Static<typeof SessionsFilterQuery>>,
): Promise<Static<typeof SessionSchema>[]> {
	await ownedScript(ctx.db, request, scriptId);
	const limit = Math.min(query.limit ?? DEFAULT_PAGE, PAGE_CAP);
	if (limit === 0) return [];
	const where: SQL[] = [eq(licensingSessions.scriptId, scriptId), ...liveOnly(ctx)];
	if (query.key !== undefined) {
		const keyId = await keyIdOf(ctx, scriptId, query.key);
		if (!keyId) return [];
		where.push(eq(licensingSessions.keyId, keyId));
	}
	if (query.roblox_id !== undefined) where.push(eq(licensingSessions.robloxId, Number(query.roblox_id)));
	if (query.place_id !== undefined) where.push(eq(licensingSessions.placeId, Number(query.place_id)));
	if (query.job_id !== undefined) where.push(eq(licensingSessions.jobId, query.job_id));
	await ctx.live.flush();
	const rows = await ctx.db
		.select()
		.from(licensingSessions)
		.where(and(...where))
		.orderBy(desc(licensingSessions.createdAt), desc(licensingSessions.id))
		.limit(limit)
		.offset(query.from ?? 0);
	return rows.map(presentSession);
}

export async function getSession(ctx: LicensingContext, request: FastifyRequest, scriptId: string, sessionId: string): Promise<Static<typeof SessionDetailSchema>> {
	await ownedScript(ctx.db, request, scriptId);
	await ctx.live.flush();
	const [row] = await ctx.db
		.select()
		.from(licensingSessions)
		.where(and(eq(licensingSessions.id, sessionId), eq(licensingSessions.scriptId, scriptId)));
	if (!row) throw notFound("Session");
	return {
		...presentSession(row),
		version: row.version,
		last_heartbeat_at: row.lastSeenAt,
		live: row.endedAt === null && row.lastSeenAt >= liveSince(ctx, ctx.clock()),
		ended_at: row.endedAt,
		end_reason: row.endReason,
	};
}

/** Ends the given sessions (or every open one with `all`); their next heartbeat answers terminate/disconnected. */
export async function disconnectSessions(
	ctx: LicensingContext,
	request: FastifyRequest,
	scriptId: string,
	target: { sessionIds?: string[]; all?: boolean },
): Promise<number> {
	const ended = await ctx.db.transaction(async (tx) => {
		await ownedScript(tx, request, scriptId);
		const where = [eq(licensingSessions.scriptId, scriptId), isNull(licensingSessions.endedAt)];
		if (!target.all) where.push(inArray(licensingSessions.id, target.sessionIds ?? []));
		const rows = await tx
			.update(licensingSessions)
			.set({ endedAt: ctx.clock(), endReason: "disconnected" })
			.where(and(...where))
			.returning({ id: licensingSessions.id });
		await writeAudit(tx, request, "licensing.sessions.disconnect", scriptId, { sessions: rows.length });
		return rows.map((r) => r.id);
	});
	for (const id of ended) ctx.live.invalidateSession(id);
	return ended.length;
}

function liveOnly(ctx: LicensingContext): SQL[] {
	return [isNull(licensingSessions.endedAt), gte(licensingSessions.lastSeenAt, liveSince(ctx, ctx.clock()))];
}

/** `key` may be the licence key's id or the licence key itself (looked up by digest). */
async function keyIdOf(ctx: LicensingContext, scriptId: string, key: string): Promise<string | undefined> {
	const match = UUID.test(key) ? eq(licensingKeys.id, key) : eq(licensingKeys.keyHash, hashApiKey(key));
	const [row] = await ctx.db
		.select({ id: licensingKeys.id })
		.from(licensingKeys)
		.where(and(match, eq(licensingKeys.scriptId, scriptId)));
	return row?.id;
}

function presentSession(row: SessionRow): Static<typeof SessionSchema> {
	return {
		id: row.id,
		user_key: row.keyId,
		script_id: row.scriptId,
		roblox_id: row.robloxId,
		place_id: row.placeId,
		job_id: row.jobId,
		created_at: row.createdAt,
	};
}
