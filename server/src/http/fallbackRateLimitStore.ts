import { createRequire } from "node:module";
import type { FastifyRateLimitStoreCtor } from "@fastify/rate-limit";
import type { Redis } from "ioredis";
import { redisReady } from "./sharedRedis.js";

/**
 * A @fastify/rate-limit store that counts in Redis while Redis answers and in this process
 * when it does not, so a Redis outage never switches throttling off (the plugin's own
 * `skipOnError` would let every request through) and never makes a request wait (the shared
 * client refuses commands at once while disconnected, and times out after 250 ms). During an
 * outage each process counts on its own: a limit of N per window becomes at most N per
 * process, which is still a limit.
 */
export function fallbackRateLimitStore(redis: Redis, nameSpace: string): FastifyRateLimitStoreCtor {
	class Root extends FallbackStore {
		constructor(options: { continueExceeding?: boolean; exponentialBackoff?: boolean; cache?: number }) {
			super(
				new RedisStore(options.continueExceeding, options.exponentialBackoff, redis, nameSpace),
				new LocalStore(options.continueExceeding, options.exponentialBackoff, options.cache),
				redis,
			);
		}
	}
	return Root as unknown as FastifyRateLimitStoreCtor;
}

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** The store contract as @fastify/rate-limit calls it (its typings omit timeWindow and max). */
interface Store {
	incr(key: string, callback: Callback, timeWindow: number, max: number): void;
	child(routeOptions: unknown): Store;
}

class FallbackStore implements Store {
	constructor(
		private readonly shared: Store,
		private readonly local: Store,
		private readonly redis: Redis,
	) {}

	incr(key: string, callback: Callback, timeWindow: number, max: number): void {
		if (!redisReady(this.redis)) return this.local.incr(key, callback, timeWindow, max);
		this.shared.incr(key, (error, result) => (error ? this.local.incr(key, callback, timeWindow, max) : callback(null, result)), timeWindow, max);
	}

	child(routeOptions: unknown): Store {
		return new FallbackStore(this.shared.child(routeOptions), this.local.child(routeOptions), this.redis);
	}
}

// The plugin's own stores (CommonJS, not in its typings): reused rather than re-implemented.
const require = createRequire(import.meta.url);
const RedisStore = require("@fastify/rate-limit/store/RedisStore.js") as new (continueExceeding: unknown, exponentialBackoff: unknown, redis: Redis, key: string) => Store;
const LocalStore = require("@fastify/rate-limit/store/LocalStore.js") as new (continueExceeding: unknown, exponentialBackoff: unknown, cache?: number) => Store;
