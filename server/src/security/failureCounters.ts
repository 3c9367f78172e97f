import type { Redis } from "ioredis";
import { redisReady } from "../http/sharedRedis.js";

/**
 * Counters of failed credentials (bad keys, wrong passwords) in fixed windows of clock time,
 * and back-off holds ("refuse this account until T"). Shared through Redis when REDIS_URL is
 * set (the fail-fast shared client, so every process sees the same counts); while Redis is
 * unreachable they count in this process instead, so throttling never fails open and never
 * waits on a dead Redis. Times are the caller's clock (app.core.clock), so tests can move it.
 */
export class FailureCounters {
	private readonly local = new Map<string, number>();

	constructor(
		private readonly redis: Redis | undefined,
		private readonly prefix = "classroom-fail:",
	) {}

	/** Failures recorded for `key` in the window of `windowMs` containing `now`. */
	async count(key: string, windowMs: number, now: number): Promise<number> {
		const slot = this.slot(key, windowMs, now);
		const shared = await this.shared((redis) => redis.get(slot));
		if (shared !== undefined) return Number(shared ?? 0);
		return this.local.get(slot) ?? 0;
	}

	/** Records one failure; returns the count in the window including it. */
	async add(key: string, windowMs: number, now: number): Promise<number> {
		const slot = this.slot(key, windowMs, now);
		const shared = await this.shared(async (redis) => {
			const [[, count]] = (await redis.multi().incr(slot).pexpire(slot, windowMs + 1000).exec()) as [[Error | null, number]];
			return count;
		});
		if (shared !== undefined) return shared;
		this.prune();
		const count = (this.local.get(slot) ?? 0) + 1;
		this.local.set(slot, count);
		return count;
	}

	/** Refuses `key` until `until` (clock ms). */
	async hold(key: string, until: number, now: number): Promise<void> {
		const slot = `${this.prefix}hold:${key}`;
		const ttl = Math.max(1, until - now) + 1000;
		const done = await this.shared((redis) => redis.set(slot, String(until), "PX", ttl));
		if (done === undefined) {
			this.prune();
			this.local.set(slot, until);
		}
	}

	/** The time `key` is held until, when that is still ahead of `now`. */
	async heldUntil(key: string, now: number): Promise<number | undefined> {
		const slot = `${this.prefix}hold:${key}`;
		const shared = await this.shared((redis) => redis.get(slot));
		const until = shared !== undefined ? (shared === null ? undefined : Number(shared)) : this.local.get(slot);
		return until !== undefined && until > now ? until : undefined;
	}

	/** Forgets the key's hold and its failures in the current window (after a success). */
	async clear(key: string, windowMs: number, now: number): Promise<void> {
		const slots = [`${this.prefix}hold:${key}`, this.slot(key, windowMs, now)];
		await this.shared((redis) => redis.del(...slots));
		for (const slot of slots) this.local.delete(slot);
	}

	private slot(key: string, windowMs: number, now: number): string {
		return `${this.prefix}${key}:${windowMs}:${Math.floor(now / windowMs)}`;
	}

	/** Runs a Redis command when Redis is there; undefined means "use the local counters". */
	private async shared<T>(command: (redis: Redis) => Promise<T>): Promise<T | undefined> {
		if (!this.redis || !redisReady(this.redis)) return undefined;
		try {
			return await command(this.redis);
		} catch {
			return undefined;
		}
	}

	// Old windows are never read again; a flood of distinct keys must not grow the map forever.
	private prune(): void {
		if (this.local.size >= 50_000) this.local.clear();
	}
}
