import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { Queue, Worker } from "bullmq";
import type { RedisOptions } from "ioredis";

/**
 * Background jobs (lesson generation, webhook delivery). Embedded: an in-process queue with
 * retries. With REDIS_URL: BullMQ, so jobs survive a restart and spread over instances.
 * Handlers must be idempotent: both backends retry a job that threw.
 */
export interface JobContext {
	id: string;
	attempt: number;
	progress(percent: number): Promise<void>;
}

export type JobHandler<T> = (data: T, job: JobContext) => Promise<void>;

export interface JobOptions {
	attempts?: number;
	/** Base delay of the exponential backoff between attempts. */
	backoffMs?: number;
	delayMs?: number;
	/**
	 * At most one job with this id at a time: while one is queued, waiting to retry or running
	 * (with Redis: until BullMQ drops the finished job), enqueueing it again adds nothing and
	 * returns the existing job's id. Lets a sweeper re-queue work whose job may or may not be lost.
	 */
	jobId?: string;
}

export interface JobQueue {
	define<T>(name: string, handler: JobHandler<T>): void;
	enqueue<T>(name: string, data: T, options?: JobOptions): Promise<string>;
	/** Resolves when no job is queued or running (embedded mode; used by tests and shutdown). */
	idle(): Promise<void>;
	close(): Promise<void>;
}

/**
 * enqueue() could not hand the job to Redis (unreachable, or not ready within
 * ENQUEUE_READY_WAIT_MS): nothing was queued, so the caller can undo what it prepared and the
 * client can retry (503 with Retry-After).
 */
export class JobQueueUnavailableError extends Error {
	constructor(
		readonly jobName: string,
		options?: ErrorOptions,
	) {
		super(`The job queue is unavailable (Redis): ${jobName} was not queued`, options);
		this.name = "JobQueueUnavailableError";
	}
}

/** How long an enqueue waits for the queue's Redis connection before giving up. */
const ENQUEUE_READY_WAIT_MS = 2000;

export function createJobQueue(redisUrl?: string, keyPrefix = ""): JobQueue {
	return redisUrl ? new BullJobQueue(redisUrl, `${keyPrefix}bull`) : new MemoryJobQueue();
}

class MemoryJobQueue implements JobQueue {
	private readonly handlers = new Map<string, JobHandler<unknown>>();
	private readonly running = new Set<Promise<void>>();
	/** The `jobId`s of jobs queued or running (a job with a jobId takes it as its id). */
	private readonly keyed = new Set<string>();
	/** Aborted by close(): a job waiting for its delay or its next attempt stops waiting and ends. */
	private readonly closing = new AbortController();

	define<T>(name: string, handler: JobHandler<T>): void {
		this.handlers.set(name, handler as JobHandler<unknown>);
	}

	async enqueue<T>(name: string, data: T, options: JobOptions = {}): Promise<string> {
		const handler = this.handlers.get(name);
		if (!handler) throw new Error(`No handler defined for job "${name}"`);
		const { jobId } = options;
		if (jobId !== undefined && this.keyed.has(jobId)) return jobId;
		if (jobId !== undefined) this.keyed.add(jobId);
		const id = jobId ?? randomUUID();
		const run = this.run(handler, id, data, options).finally(() => {
			this.running.delete(run);
			if (jobId !== undefined) this.keyed.delete(jobId);
		});
		this.running.add(run);
		return id;
	}

	private async run(handler: JobHandler<unknown>, id: string, data: unknown, options: JobOptions): Promise<void> {
		const attempts = options.attempts ?? 3;
		if (options.delayMs) await this.wait(options.delayMs);
		for (let attempt = 1; attempt <= attempts && !this.closing.signal.aborted; attempt++) {
			try {
				await handler(data, { id, attempt, progress: async () => {} });
				return;
			} catch (error) {
				if (attempt === attempts) {
					console.error(`job ${id} failed after ${attempts} attempts:`, error);
					return;
				}
				await this.wait((options.backoffMs ?? 1000) * 2 ** (attempt - 1));
			}
		}
	}

	async idle(): Promise<void> {
		while (this.running.size > 0) await Promise.allSettled([...this.running]);
	}

	/**
	 * Closing does not wait out a retry's backoff (minutes, for webhooks): waiting jobs end
	 * unfinished and what they were for is picked up again from the database after a restart
	 * (e.g. WebhookService.redrive).
	 */
	async close(): Promise<void> {
		this.closing.abort();
		await this.idle();
	}

	private wait(ms: number): Promise<void> {
		return delay(ms, undefined, { signal: this.closing.signal }).catch(() => undefined);
	}
}

class BullJobQueue implements JobQueue {
	private readonly connection: RedisOptions;
	private readonly queues = new Map<string, Queue>();
	private readonly workers: Worker[] = [];

	constructor(
		url: string,
		private readonly prefix: string,
	) {
		const u = new URL(url);
		this.connection = {
			host: u.hostname,
			port: Number(u.port || 6379),
			password: u.password || undefined,
			db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
			maxRetriesPerRequest: null,
		};
	}

	define<T>(name: string, handler: JobHandler<T>): void {
		const worker = new Worker(
			name,
			async (job) => handler(job.data as T, { id: job.id ?? "", attempt: job.attemptsMade + 1, progress: (p) => job.updateProgress(p) }),
			{ connection: this.connection, prefix: this.prefix, concurrency: 4 },
		);
		this.workers.push(worker);
	}

	/**
	 * Fails fast while Redis is unreachable (JobQueueUnavailableError) instead of holding the
	 * request until Redis returns: the queue's connection keeps no offline queue (as BullMQ
	 * advises for producers), so a job is either in Redis when this resolves or not queued at all.
	 */
	async enqueue<T>(name: string, data: T, options: JobOptions = {}): Promise<string> {
		let queue = this.queues.get(name);
		if (!queue) {
			queue = new Queue(name, { connection: { ...this.connection, enableOfflineQueue: false }, prefix: this.prefix });
			queue.on("error", () => undefined); // reported by the shared connection (health route)
			this.queues.set(name, queue);
		}
		const client = await withTimeout(queue.waitUntilReady(), ENQUEUE_READY_WAIT_MS).catch((error: unknown) => {
			throw new JobQueueUnavailableError(name, { cause: error });
		});
		try {
			const job = await queue.add(name, data, {
				attempts: options.attempts ?? 3,
				backoff: { type: "exponential", delay: options.backoffMs ?? 1000 },
				delay: options.delayMs,
				jobId: options.jobId,
				removeOnComplete: 1000,
				removeOnFail: 5000,
			});
			return job.id ?? "";
		} catch (error) {
			if (client.status !== "ready") throw new JobQueueUnavailableError(name, { cause: error });
			throw error;
		}
	}

	async idle(): Promise<void> {
		for (const queue of this.queues.values()) {
			while ((await queue.count()) > 0 || (await queue.getActiveCount()) > 0) await delay(25);
		}
	}

	async close(): Promise<void> {
		await Promise.all(this.workers.map((w) => w.close()));
		await Promise.all([...this.queues.values()].map((q) => q.close()));
	}
}


function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`not ready within ${ms} ms`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
