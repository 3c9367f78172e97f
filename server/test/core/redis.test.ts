import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobQueue } from "../../src/jobs/queue.js";
import { createHub } from "../../src/realtime/hub.js";
import { startTestApp } from "../helpers/testApp.js";
import { TEST_DB_KIND } from "../helpers/testDatabase.js";
import { TEST_REDIS_URL, redisReachable } from "../helpers/testRedis.js";



const available = TEST_DB_KIND === "pglite" && (await redisReachable());
if (!available && TEST_DB_KIND === "pglite") console.warn(`[tests] Redis not reachable at ${TEST_REDIS_URL}: SKIPPING the Redis path tests`);

describe.runIf(available)("Redis paths (TEST_REDIS_URL)", () => {
	const namespace = `t${Date.now()}${Math.floor(Math.random() * 1e6)}`;
	let flush: Redis;
	beforeAll(() => {
		flush = new Redis(TEST_REDIS_URL);
	});
	afterAll(async () => {
		const keys = await flush.keys(`classroom-rl:*`);
		if (keys.length) await flush.del(...keys);
		flush.disconnect();
	});

	it("shares one rate-limit budget between two instances", { timeout: 180_000 }, async () => {
		const env = { REDIS_URL: TEST_REDIS_URL, RATE_LIMIT_ANONYMOUS: "4" };
		const a = await startTestApp(env);
		const b = await startTestApp(env);
		try {
			// Anonymous callers are counted per address: one address unique to this run, seen by
			// both instances, shares one budget through Redis. (A user's token is no help here:
			// b's database lacks the user, so b would rightly treat the token as anonymous.)
			const remoteAddress = `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
			const statuses: number[] = [];
			for (const app of [a, b, a, b, a]) statuses.push((await app.request({ method: "GET", url: "/v2/health", remoteAddress })).statusCode);
			expect(statuses).toEqual([200, 200, 200, 200, 429]);
		} finally {
			await a.close();
			await b.close();
		}
	});

	it("fans a hub message out to a subscriber on another instance", async () => {
		const publisher = createHub(TEST_REDIS_URL);
		const subscriber = createHub(TEST_REDIS_URL);
		try {
			const received = new Promise((resolve) => subscriber.subscribe(`user:${namespace}`, resolve));
			await subscriber.ready();
			await publisher.publish(`user:${namespace}`, { type: "notification", id: 1 });
			await expect(received).resolves.toEqual({ type: "notification", id: 1 });
		} finally {
			await publisher.close();
			await subscriber.close();
		}
	});

	it("runs jobs through BullMQ and retries a failing one", async () => {
		const queue = createJobQueue(TEST_REDIS_URL);
		const name = `job-${namespace}`;
		const attempts: number[] = [];
		const done = new Promise<string>((resolve) => {
			queue.define<{ word: string }>(name, async (data, job) => {
				attempts.push(job.attempt);
				if (job.attempt < 2) throw new Error("transient");
				resolve(data.word);
			});
		});
		try {
			await queue.enqueue(name, { word: "hello" }, { attempts: 3, backoffMs: 10 });
			await expect(done).resolves.toBe("hello");
			expect(attempts).toEqual([1, 2]);
		} finally {
			await queue.close();
		}
	});

	it("adds a job with a jobId once while it is still queued, backing off or running (both queues)", async () => {
		for (const queue of [createJobQueue(TEST_REDIS_URL), createJobQueue()]) {
			const name = `once-${namespace}-${Math.random().toString(36).slice(2)}`;
			const runs: number[] = [];
			let finish!: () => void;
			const finished = new Promise<void>((resolve) => (finish = resolve));
			queue.define<{ n: number }>(name, async (data, job) => {
				runs.push(data.n);
				if (job.attempt < 2) throw new Error("back off, then succeed");
				finish();
			});
			try {
				const ids = [await queue.enqueue(name, { n: 1 }, { jobId: "delivery-1", backoffMs: 300 })];
				await new Promise((r) => setTimeout(r, 100)); // first attempt failed; backing off
				ids.push(await queue.enqueue(name, { n: 2 }, { jobId: "delivery-1", backoffMs: 300 }));
				await finished;
				expect(ids[1]).toBe(ids[0]);
				expect(runs).toEqual([1, 1]);
			} finally {
				await queue.close();
			}
		}
	});
});
