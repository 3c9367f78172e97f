import { and, eq, isNull, sql } from "drizzle-orm";
import type { Static } from "@sinclair/typebox";
import { AppError, notFound } from "../../../http/errors.js";
import { hashApiKey } from "../../../security/apiKeys.js";
import { safeEqual } from "../../../security/crypto.js";
import { DEAD_AFTER_INTERVALS, type LicensingContext } from "../context.js";
import { dayKey } from "../executions.js";
import type { CachedKey, CachedScript, CachedSession } from "../liveSessions.js";
import { licensingExecutions, licensingKeys, licensingScripts, licensingSessions } from "../tables.js";
import type { HeartbeatResponse, TerminateReason, VerifyBody, VerifyResponse } from "./schema.js";

/**
 * The game-facing protocol (documented in server/README.md, "Licensing: game-facing protocol").
 * verify: one indexed read of the script and of the key, then one transaction that opens the
 * session and counts the execution. heartbeat: answered from the live-session cache with no
 * database round trip in steady state (see liveSessions.ts for what is written behind).
 */
type Verify = Static<typeof VerifyBody>;

const refuse = (status: number, code: string, message: string, details?: unknown) => new AppError(status, code, message, details);

export async function verify(ctx: LicensingContext, ip: string, body: Verify): Promise<Static<typeof VerifyResponse>> {
	const [script] = await ctx.db.select().from(licensingScripts).where(eq(licensingScripts.id, body.script_id));
	if (!script) {
		await ctx.throttle.failed(ip, undefined);
		throw notFound("Script");
	}
	if (!script.enabled) throw refuse(403, "SCRIPT_DISABLED", "This script is disabled by its owner");

	const keyId = body.key !== undefined || !script.freeForAll ? await checkKey(ctx, ip, script.id, body) : null;

	if (script.kickOutdated && body.version < script.version) {
		throw refuse(403, "OUTDATED", `This server runs version ${body.version}; version ${script.version} is required`, { required_version: script.version });
	}
	const wantsSession = body.heartbeat !== false;
	if (script.requireSessions && !wantsSession) throw refuse(403, "SESSION_REQUIRED", "This script requires a heartbeat session");
	const openSession = wantsSession && (script.useHeartbeat || script.requireSessions);

	const now = ctx.clock();
	const sessionId = await ctx.db.transaction(async (tx) => {
		const [counted] = await tx
			.update(licensingScripts)
			.set({
				totalExecutions: sql`${licensingScripts.totalExecutions} + 1`,
				totalSessions: openSession ? sql`${licensingScripts.totalSessions} + 1` : licensingScripts.totalSessions,
			})
			.where(eq(licensingScripts.id, script.id))
			.returning({ id: licensingScripts.id });
		if (!counted) throw notFound("Script");
		await tx
			.insert(licensingExecutions)
			.values({ scriptId: script.id, day: dayKey(now), count: 1 })
			.onConflictDoUpdate({ target: [licensingExecutions.scriptId, licensingExecutions.day], set: { count: sql`${licensingExecutions.count} + 1` } });
		if (!openSession) return null;
		const [session] = await tx
			.insert(licensingSessions)
			.values({ scriptId: script.id, keyId, robloxId: body.roblox_id, placeId: body.place_id, jobId: body.job_id, version: body.version, createdAt: now, lastSeenAt: now })
			.returning({ id: licensingSessions.id });
		return session.id;
	});
	if (sessionId) ctx.live.remember({ id: sessionId, scriptId: script.id, keyId, version: body.version, lastSeen: now, endedAt: null, endReason: null });

	return {
		success: true,
		session_id: sessionId,
		heartbeat: openSession,
		heartbeat_interval: ctx.config.LICENSING_HEARTBEAT_SECONDS,
		current_version: script.version,
		outdated: body.version < script.version,
	};
}

type HeartbeatAnswer = Static<typeof HeartbeatResponse>;

/**
 * A heartbeat's answer. In steady state (session, script and key cached, nothing to end) it is
 * computed synchronously, so the route answers without a promise; otherwise a promise of it.
 */
export function heartbeat(ctx: LicensingContext, sessionId: string): HeartbeatAnswer | Promise<HeartbeatAnswer> {
	return cachedHeartbeat(ctx, sessionId) ?? heartbeatReading(ctx, sessionId);
}

/** The answer from cached state alone; undefined when something must be read or the session ended. */
function cachedHeartbeat(ctx: LicensingContext, sessionId: string): HeartbeatAnswer | undefined {
	const session = ctx.live.cachedSession(sessionId);
	if (!session) return undefined;
	const script = ctx.live.cachedScript(session.scriptId);
	if (!script) return undefined;
	if (session.endedAt !== null) return answer(ctx, session, script, (session.endReason as TerminateReason | null) ?? "ended");
	let key: CachedKey | undefined;
	if (script.enabled && session.keyId) {
		key = ctx.live.cachedKey(session.keyId);
		if (!key) return undefined;
	}
	const now = ctx.clock();
	if (terminateReason(ctx, session, script, key ?? null, now)) return undefined;
	ctx.live.touch(session, now);
	return answer(ctx, session, script, null);
}

async function heartbeatReading(ctx: LicensingContext, sessionId: string): Promise<HeartbeatAnswer> {
	const session = await ctx.live.session(sessionId);
	if (!session) throw notFound("Session");
	const script = await ctx.live.script(session.scriptId);
	if (session.endedAt !== null) return answer(ctx, session, script, (session.endReason as TerminateReason | null) ?? "ended");
	const key = script?.enabled && session.keyId ? await ctx.live.key(session.keyId) : null;
	const now = ctx.clock();
	const reason = terminateReason(ctx, session, script, key, now);
	if (reason) {
		await endSession(ctx, session, reason, now);
		return answer(ctx, session, script, reason);
	}
	ctx.live.touch(session, now);
	return answer(ctx, session, script, null);
}

function answer(ctx: LicensingContext, session: CachedSession, script: CachedScript | null, reason: TerminateReason | null): HeartbeatAnswer {
	return {
		success: true,
		status: reason ? "terminate" : "ok",
		reason,
		required_version: script?.version ?? session.version,
		heartbeat_interval: ctx.config.LICENSING_HEARTBEAT_SECONDS,
	};
}

/** The game server shuts down: the session ends and stops counting as an instance. */
export async function end(ctx: LicensingContext, sessionId: string): Promise<void> {
	const session = await ctx.live.session(sessionId);
	if (!session) throw notFound("Session");
	if (session.endedAt === null) await endSession(ctx, session, "ended", ctx.clock());
}

/** Why the session must end now, from the script and (for a keyed session) its key; null to keep it. */
function terminateReason(ctx: LicensingContext, session: CachedSession, script: CachedScript | null, key: CachedKey | null, now: number): TerminateReason | null {
	if (!script || !script.enabled) return "disabled";
	if (session.keyId) {
		if (!key || key.blacklisted) return "key_revoked";
		if (key.expiresAt !== null && key.expiresAt <= now) return "expired";
	} else if (!script.freeForAll) return "key_revoked";
	if (script.kickOutdated && session.version < script.version) return "outdated";
	// A dead session (3 missed intervals) comes back to life on a heartbeat, unless the script
	// requires sessions: then the server must verify again.
	if (script.requireSessions && now - session.lastSeen > DEAD_AFTER_INTERVALS * ctx.intervalMs) return "expired";
	return null;
}

async function endSession(ctx: LicensingContext, session: CachedSession, reason: TerminateReason, now: number): Promise<void> {
	await ctx.db
		.update(licensingSessions)
		.set({ endedAt: now, endReason: reason })
		.where(and(eq(licensingSessions.id, session.id), isNull(licensingSessions.endedAt)));
	session.endedAt = now;
	session.endReason = reason;
	// Other processes may hold this session open in their caches.
	ctx.live.invalidateSession(session.id);
}

/** The key's id, or a refusal. Lookup by digest (unique index), then a constant-time compare. */
async function checkKey(ctx: LicensingContext, ip: string, scriptId: string, body: Verify): Promise<string> {
	if (body.key === undefined) throw refuse(401, "KEY_REQUIRED", "A licence key is required for this script");
	const digest = hashApiKey(body.key);
	const [key] = await ctx.db
		.select()
		.from(licensingKeys)
		.where(and(eq(licensingKeys.keyHash, digest), eq(licensingKeys.scriptId, scriptId)));
	if (!key || !safeEqual(key.keyHash, digest)) {
		await ctx.throttle.failed(ip, scriptId);
		throw refuse(401, "INVALID_KEY", "Invalid licence key");
	}
	if (key.blacklisted) throw refuse(403, "KEY_BLACKLISTED", `This licence key is blacklisted: ${key.blacklistReason ?? "no reason given"}`, { reason: key.blacklistReason });
	if (key.expiresAt !== null && key.expiresAt <= ctx.clock()) throw refuse(403, "KEY_EXPIRED", "This licence key has expired");
	if (key.robloxId !== null && key.robloxId !== body.roblox_id) throw refuse(403, "KEY_NOT_FOR_PLACE", "This licence key is bound to another place creator");
	return key.id;
}
