import { Redis } from "ioredis";
import type { DependencyHealth } from "./dependencyHealth.js";

/**
 * The Redis connection request paths share (rate-limit counters, replay nonces). Built to fail
 * fast rather than wait: no offline queue (a command while disconnected is refused at once),
 * a 250 ms command timeout, no per-command retries; it keeps reconnecting in the background
 * (at most every 2 s). Callers treat any error as "Redis is not there" and fall back to
 * per-process state; they never fail open. Its state is reported to the health route as the
 * critical dependency `redis`.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 250;

export function createSharedRedis(url: string, health: DependencyHealth): Redis {
	const redis = new Redis(url, {
		enableOfflineQueue: false,
		maxRetriesPerRequest: 0,
		commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
		connectTimeout: 1000,
		retryStrategy: (times) => Math.min(times * 200, 2000),
	});
	redis.on("ready", () => health.report("redis", "ok", { critical: true }));
	// ioredis emits "error" on every failed reconnect: the health board logs the first one only.
	redis.on("error", (error: Error) => health.report("redis", "unreachable", { critical: true, reason: error.message }));
	redis.on("end", () => health.report("redis", "unreachable", { critical: true }));
	return redis;
}

/** Whether a command could be sent now without waiting for a connection. */
export const redisReady = (redis: Redis): boolean => redis.status === "ready";

/** For the health route: one PING, answered or refused within the command timeout. */
export const pingRedis = (redis: Redis): Promise<boolean> =>
	redis.ping().then(
		() => true,
		() => false,
	);

/** At start-up only: give the first connection up to `waitMs` so early requests share counters. */
export async function firstConnection(redis: Redis, waitMs: number): Promise<void> {
	if (redisReady(redis)) return;
	await new Promise<void>((resolve) => {
		const timer = setTimeout(done, waitMs);
		redis.once("ready", done);
		function done() {
			clearTimeout(timer);
			redis.off("ready", done);
			resolve();
		}
	});
}
