import { Redis } from "ioredis";

/** The local Redis the Redis-path tests use (TEST_REDIS_URL overrides). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0";

/** Whether that Redis answers within a second: the Redis-path tests skip, loudly, when it does not. */
export async function redisReachable(): Promise<boolean> {
	const probe = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
	try {
		await probe.connect();
		await probe.ping();
		return true;
	} catch {
		return false;
	} finally {
		probe.disconnect();
	}
}
