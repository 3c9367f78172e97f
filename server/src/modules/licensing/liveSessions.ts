import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import type { Hub } from "../../realtime/hub.js";
import { licensingKeys, licensingScripts, licensingSessions } from "./tables.js";

/**
 * The heartbeat hot path without database round trips.
 *
 * Guarantees:
 * - Everything that decides a heartbeat's answer (script enabled / version / flags, key
 *   blacklist / expiry, session ended) is written to the database synchronously by the route
 *   that changes it, which then calls `invalidate*` here; this process answers the very next
 *   heartbeat from the new state, and the invalidation is announced on the hub (Redis pub/sub
 *   with REDIS_URL), so every other process sharing the database drops its copy within the
 *   pub/sub delay (milliseconds). Should a message be lost (Redis down), the TTLs still bound
 *   staleness: scripts and keys are re-read after CACHE_TTL_MS, sessions after SESSION_TTL_MS
 *   (clock time). A read that overlaps an invalidation is used once but not cached, so it cannot
 *   put the old state back. In steady state a heartbeat costs no query; each live session is
 *   re-read once per SESSION_TTL_MS, each script and key once per CACHE_TTL_MS.
 * - The only state written behind is a session's `last_seen_at`. Heartbeats mark it dirty; it is
 *   flushed in one batched UPDATE every FLUSH_MS, on close, and before any read that counts or
 *   lists sessions. A crash loses at most FLUSH_MS of liveness (a session can look up to one
 *   flush older than it is, against a dead-after window of 3 heartbeat intervals); a failed flush
 *   keeps the entries dirty and retries.
 * - Ending a session (end, terminate, disconnect) is written synchronously; it is never lost.
 */
export const CACHE_TTL_MS = 2_000;
export const SESSION_TTL_MS = 60_000;
export const FLUSH_MS = 1_000;
const FLUSH_BATCH = 1_000;
const INVALIDATIONS_TOPIC = "licensing:cache";

interface Invalidation {
	kind: "session" | "script" | "key" | "scriptRemoved";
	id: string;
}

export interface CachedSession {
	id: string;
	scriptId: string;
	keyId: string | null;
	version: number;
	lastSeen: number;
	endedAt: number | null;
	endReason: string | null;
	loadedAt: number;
}

export interface CachedScript {
	enabled: boolean;
	version: number;
	freeForAll: boolean;
	kickOutdated: boolean;
	requireSessions: boolean;
	loadedAt: number;
}

export interface CachedKey {
	blacklisted: boolean;
	expiresAt: number | null;
	loadedAt: number;
}

export class LiveSessions {
	private readonly sessions = new Map<string, CachedSession>();
	private readonly scripts = new Map<string, CachedScript>();
	private readonly keys = new Map<string, CachedKey>();
	private dirty = new Map<string, number>();
	/** The batch being written, so a re-read during a flush never goes back in time. */
	private inflight = new Map<string, number>();
	private flushing: Promise<void> | undefined;
	private readonly timer: NodeJS.Timeout;
	/** Bumped by every invalidation, so a read that overlapped one is not cached. */
	private invalidations = 0;
	private readonly stopListening: () => void;

	constructor(
		private readonly db: Db,
		private readonly clock: () => number,
		private readonly hub?: Hub,
	) {
		this.timer = setInterval(() => {
			this.sweep();
			void this.flush().catch(() => {});
		}, FLUSH_MS);
		this.timer.unref();
		this.stopListening = hub?.subscribe(INVALIDATIONS_TOPIC, (message) => this.drop(message as Invalidation)) ?? (() => {});
	}

	/** The session when this process holds a fresh copy; undefined when it would have to read it. */
	cachedSession(id: string): CachedSession | undefined {
		return this.fresh(this.sessions, id, SESSION_TTL_MS);
	}

	/** The script when this process holds a fresh copy; undefined when it would have to read it. */
	cachedScript(id: string): CachedScript | undefined {
		return this.fresh(this.scripts, id, CACHE_TTL_MS);
	}

	/** The key when this process holds a fresh copy; undefined when it would have to read it. */
	cachedKey(id: string): CachedKey | undefined {
		return this.fresh(this.keys, id, CACHE_TTL_MS);
	}

	async session(id: string): Promise<CachedSession | undefined> {
		const fresh = this.cachedSession(id);
		if (fresh) return fresh;
		const now = this.clock();
		const cached = this.sessions.get(id);
		const before = this.invalidations;
		const [row] = await this.db.select().from(licensingSessions).where(eq(licensingSessions.id, id));
		if (!row) {
			this.sessions.delete(id);
			return undefined;
		}
		const lastSeen = Math.max(row.lastSeenAt, this.dirty.get(id) ?? 0, this.inflight.get(id) ?? 0, cached?.lastSeen ?? 0);
		const session: CachedSession = { ...row, lastSeen, loadedAt: now };
		if (before === this.invalidations) this.sessions.set(id, session);
		return session;
	}

	async script(id: string): Promise<CachedScript | null> {
		const cached = this.cachedScript(id);
		if (cached) return cached;
		const now = this.clock();
		const before = this.invalidations;
		const [row] = await this.db
			.select({
				enabled: licensingScripts.enabled,
				version: licensingScripts.version,
				freeForAll: licensingScripts.freeForAll,
				kickOutdated: licensingScripts.kickOutdated,
				requireSessions: licensingScripts.requireSessions,
			})
			.from(licensingScripts)
			.where(eq(licensingScripts.id, id));
		const value = row ? { ...row, loadedAt: now } : null;
		if (value && before === this.invalidations) this.scripts.set(id, value);
		else this.scripts.delete(id);
		return value;
	}

	async key(id: string): Promise<CachedKey | null> {
		const cached = this.cachedKey(id);
		if (cached) return cached;
		const now = this.clock();
		const before = this.invalidations;
		const [row] = await this.db
			.select({ blacklisted: licensingKeys.blacklisted, expiresAt: licensingKeys.expiresAt })
			.from(licensingKeys)
			.where(eq(licensingKeys.id, id));
		const value = row ? { ...row, loadedAt: now } : null;
		if (value && before === this.invalidations) this.keys.set(id, value);
		else this.keys.delete(id);
		return value;
	}

	private fresh<T extends { loadedAt: number }>(map: Map<string, T>, id: string, ttlMs: number): T | undefined {
		const cached = map.get(id);
		return cached && this.clock() - cached.loadedAt < ttlMs ? cached : undefined;
	}

	/** A session just written by verify: cache it so its first heartbeat needs no read. */
	remember(session: Omit<CachedSession, "loadedAt">): void {
		this.sessions.set(session.id, { ...session, loadedAt: this.clock() });
	}

	/** Records a heartbeat; the database learns it at the next flush. */
	touch(session: CachedSession, now: number): void {
		session.lastSeen = now;
		this.dirty.set(session.id, now);
	}

	/** After a session was ended in the database (here or by an owner): every process re-reads it. */
	invalidateSession(id: string): void {
		this.announce({ kind: "session", id });
	}

	invalidateScript(id: string): void {
		this.announce({ kind: "script", id });
	}

	invalidateKey(id: string): void {
		this.announce({ kind: "key", id });
	}

	/** After a script is removed: its sessions are gone from the database too. */
	forgetScript(scriptId: string): void {
		this.announce({ kind: "scriptRemoved", id: scriptId });
	}

	/** Drops entries that would be re-read anyway, so memory follows the live set. */
	sweep(): void {
		const now = this.clock();
		for (const [id, s] of this.sessions) if (now - s.loadedAt >= SESSION_TTL_MS && !this.dirty.has(id)) this.sessions.delete(id);
		for (const [id, s] of this.scripts) if (now - s.loadedAt >= CACHE_TTL_MS) this.scripts.delete(id);
		for (const [id, k] of this.keys) if (now - k.loadedAt >= CACHE_TTL_MS) this.keys.delete(id);
	}

	/** Writes every pending `last_seen_at`; concurrent callers share one flush. */
	async flush(): Promise<void> {
		while (this.flushing) await this.flushing.catch(() => {});
		if (this.dirty.size === 0) return;
		const batch = this.dirty;
		this.dirty = new Map();
		this.inflight = batch;
		this.flushing = this.write(batch)
			.catch((error: unknown) => {
				for (const [id, t] of batch) if ((this.dirty.get(id) ?? 0) < t) this.dirty.set(id, t);
				throw error;
			})
			.finally(() => {
				this.flushing = undefined;
				this.inflight = new Map();
			});
		await this.flushing;
	}

	async close(): Promise<void> {
		clearInterval(this.timer);
		this.stopListening();
		await this.flush().catch(() => {});
	}

	/** Drops the entry here at once, then on every other process through the hub. */
	private announce(invalidation: Invalidation): void {
		this.drop(invalidation);
		void this.hub?.publish(INVALIDATIONS_TOPIC, invalidation).catch(() => {});
	}

	private drop({ kind, id }: Invalidation): void {
		this.invalidations++;
		if (kind === "session") {
			this.sessions.delete(id);
			this.dirty.delete(id);
		} else if (kind === "key") this.keys.delete(id);
		else {
			this.scripts.delete(id);
			if (kind === "scriptRemoved") for (const [sessionId, s] of this.sessions) if (s.scriptId === id) this.drop({ kind: "session", id: sessionId });
		}
	}

	private async write(batch: Map<string, number>): Promise<void> {
		const entries = [...batch];
		for (let i = 0; i < entries.length; i += FLUSH_BATCH) {
			const rows = entries.slice(i, i + FLUSH_BATCH).map(([id, t]) => sql`(${id}::uuid, ${t}::bigint)`);
			await this.db.execute(sql`
				update licensing_sessions as s set last_seen_at = v.t
				from (values ${sql.join(rows, sql`, `)}) as v(id, t)
				where s.id = v.id and s.last_seen_at < v.t and s.ended_at is null`);
		}
	}
}
