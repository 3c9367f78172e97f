import { AppError } from "../http/errors.js";
import type { Db, Tx } from "./client.js";

/**
 * Embedded PGlite is one connection: its transactions run one after another, and under a class
 * writing at once a request used to wait behind all the others, up to a client's timeout. Every
 * transaction goes through this queue instead:
 *
 * - Bounded wait: a transaction that has not started within `maxWaitMs` is not run; its request
 *   answers 503 DATABASE_BUSY with Retry-After. A refused transaction has written nothing, so
 *   the client can retry it.
 * - Grouped commits: transactions waiting together run as savepoints of one transaction, which
 *   commits once for the group (one WAL flush instead of one each). Each keeps its own outcome:
 *   one that throws is rolled back to its savepoint and its caller gets the error, the others
 *   carry on; the callers learn their results only after the group's commit, so nothing is
 *   acknowledged that is not durable. Should the commit itself fail, every caller of the group
 *   gets that error. A transaction with options (isolation level...) runs alone.
 */
export interface WriteQueueOptions {
	maxWaitMs: number;
	/** Most transactions grouped under one commit. */
	maxGroup: number;
}

export const DATABASE_BUSY = "DATABASE_BUSY";

export function queuedTransactions(db: Db, options: WriteQueueOptions): Db {
	const queue = new WriteQueue(db.transaction.bind(db) as Run, options);
	// Everything but `transaction` is the driver's own: reads and single statements are not queued.
	const queued = Object.create(db) as Db;
	queued.transaction = queue.transaction.bind(queue) as Db["transaction"];
	return queued;
}

type Body = (tx: Tx) => Promise<unknown>;
type Run = (body: Body, config?: unknown) => Promise<unknown>;

interface Waiting {
	body: Body;
	config: unknown;
	resolve(value: unknown): void;
	reject(error: unknown): void;
	timer: NodeJS.Timeout;
}

class WriteQueue {
	private readonly waiting: Waiting[] = [];
	private running = false;

	constructor(
		private readonly run: Run,
		private readonly options: WriteQueueOptions,
	) {}

	transaction(body: Body, config?: unknown): Promise<unknown> {
		return new Promise((resolve, reject) => {
			const entry: Waiting = { body, config, resolve, reject, timer: setTimeout(() => this.expire(entry), this.options.maxWaitMs) };
			this.waiting.push(entry);
			void this.drain();
		});
	}

	private expire(entry: Waiting): void {
		const index = this.waiting.indexOf(entry);
		if (index < 0) return; // already started
		this.waiting.splice(index, 1);
		entry.reject(busy(this.options.maxWaitMs));
	}

	private async drain(): Promise<void> {
		if (this.running) return;
		this.running = true;
		while (this.waiting.length > 0) {
			const group = this.nextGroup();
			for (const entry of group) clearTimeout(entry.timer);
			if (group.length === 1) await this.run(group[0].body, group[0].config).then(group[0].resolve, group[0].reject);
			else await this.runGroup(group);
		}
		this.running = false;
	}

	private nextGroup(): Waiting[] {
		if (this.waiting[0].config !== undefined) return this.waiting.splice(0, 1);
		let size = 1;
		while (size < this.options.maxGroup && size < this.waiting.length && this.waiting[size].config === undefined) size++;
		return this.waiting.splice(0, size);
	}

	private async runGroup(group: Waiting[]): Promise<void> {
		const outcomes: ({ value: unknown } | { error: unknown })[] = [];
		try {
			await this.run(async (tx) => {
				for (const entry of group) {
					try {
						outcomes.push({ value: await tx.transaction(entry.body) });
					} catch (error) {
						outcomes.push({ error });
					}
				}
			});
		} catch (error) {
			for (const entry of group) entry.reject(error);
			return;
		}
		group.forEach((entry, i) => {
			const outcome = outcomes[i];
			if ("value" in outcome) entry.resolve(outcome.value);
			else entry.reject(outcome.error);
		});
	}
}

function busy(waitedMs: number): AppError {
	const seconds = Math.max(1, Math.ceil(waitedMs / 1000));
	return new AppError(503, DATABASE_BUSY, `The database is busy; retry in ${seconds} s`, undefined, { "retry-after": String(seconds) });
}
