import type { Redis } from "ioredis";
import { redisReady } from "../../../http/sharedRedis.js";

/**
 * Remembers the X-Nonce of every signed request for the signing window, so the same signed
 * request is accepted once. Memory always (this process), and Redis too when configured (every
 * process): a nonce seen by either is a replay. When Redis is unreachable the memory copy still
 * refuses replays to this process; refusing all signed traffic would turn an outage into downtime.
 */
export interface NonceStore {
	/** true the first time a nonce is seen within `ttlMs`, false for a replay. */
	claim(nonce: string, ttlMs: number): Promise<boolean>;
}

export class MemoryNonceStore implements NonceStore {
	private readonly seen = new Map<string, number>();

	constructor(private readonly clock: () => number) {}

	async claim(nonce: string, ttlMs: number): Promise<boolean> {
		const now = this.clock();
		if (this.seen.size > 1000) for (const [key, expires] of this.seen) if (expires <= now) this.seen.delete(key);
		const expires = this.seen.get(nonce);
		if (expires !== undefined && expires > now) return false;
		this.seen.set(nonce, now + ttlMs);
		return true;
	}
}

export class SharedNonceStore implements NonceStore {
	constructor(
		private readonly redis: Redis,
		private readonly local: NonceStore,
		private readonly prefix = "classroom:nonce:",
	) {}

	async claim(nonce: string, ttlMs: number): Promise<boolean> {
		if (!(await this.local.claim(nonce, ttlMs))) return false;
		if (!redisReady(this.redis)) return true;
		try {
			return (await this.redis.set(this.prefix + nonce, "1", "PX", ttlMs, "NX")) === "OK";
		} catch {
			return true;
		}
	}
}
