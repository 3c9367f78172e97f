import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import { olderThan } from "../../../db/age.js";
import type { Db } from "../../../db/client.js";
import { audit } from "../../../http/audit.js";
import { AppError, notFound } from "../../../http/errors.js";
import type { Principal } from "../../../http/tokens.js";
import { JobQueueUnavailableError, type JobQueue } from "../../../jobs/queue.js";
import type { CredentialCipher } from "../../../security/crypto.js";
import { DestinationRefusedError } from "../../../security/outbound/errors.js";
import type { OutboundHttp, OutboundOutcome } from "../../../security/outbound/outboundHttp.js";
import { robloxWebhookDeliveries, robloxWebhooks, type WebhookEvent } from "../tables.js";
import { signBody } from "./signature.js";

export interface WebhookDispatch {
	dispatch(userId: string, event: WebhookEvent, data: Record<string, unknown>): Promise<void>;
}

export const DELIVERY_JOB = "roblox.webhook.deliver";

/** A delivery job: the row, and how many attempts earlier jobs already made for it. */
export interface DeliveryJob {
	deliveryId: string;
	after?: number;
}

/** Rows re-queued per sweep, oldest first. */
const REDRIVE_BATCH = 500;

/**
 * Webhooks a user configures for their own events. Each delivery is a row holding the exact
 * signed body, delivered by a job that retries with exponential backoff
 * (ROBLOX_WEBHOOK_MAX_ATTEMPTS, ROBLOX_WEBHOOK_RETRY_BASE_MS) and logs every attempt's outcome.
 * URLs go through the outbound policy (security/outbound): refused when saved if they point
 * inside, and again at connect time. The log keeps a coarse outcome (the receiver's HTTP status,
 * "unreachable" or "destination not allowed"), never transport detail that would map ports.
 *
 * Nothing is lost when a job is: the row is written before its job is queued, and redrive()
 * (every ROBLOX_WEBHOOK_REDRIVE_SECONDS, and at start) queues again every row still pending or
 * retrying after that long. A job is keyed by its delivery id, so a row whose job is still
 * queued, backing off or running is not queued twice; one whose job vanished (the embedded
 * queue lives in the process and a restart empties it; Redis was unreachable when the event
 * happened) is, and carries on from the attempts already made.
 */
export class WebhookService implements WebhookDispatch {
	constructor(
		private readonly db: Db,
		private readonly cipher: CredentialCipher,
		private readonly jobs: JobQueue,
		private readonly clock: () => number,
		private readonly retry: { attempts: number; baseMs: number },
		private readonly outbound: OutboundHttp,
	) {}

	async create(request: FastifyRequest, user: Principal, body: { url: string; events: WebhookEvent[]; secret: string }) {
		await this.outbound.vet(body.url).catch((error: unknown) => {
			if (error instanceof DestinationRefusedError) throw new AppError(400, "URL_NOT_ALLOWED", error.message, { field: "url", reason: error.reason });
			throw error;
		});
		const row = await this.db.transaction(async (tx) => {
			const [row] = await tx
				.insert(robloxWebhooks)
				.values({ userId: user.id, url: body.url, events: [...new Set(body.events)], secretSealed: this.cipher.seal(body.secret) })
				.returning();
			await audit(tx, request, { action: "roblox.webhook.create", targetType: "webhook", targetId: row.id, details: { url: body.url, events: row.events } });
			return row;
		});
		return present(row);
	}

	async list(user: Principal) {
		const rows = await this.db.select().from(robloxWebhooks).where(eq(robloxWebhooks.userId, user.id)).orderBy(desc(robloxWebhooks.createdAt));
		return { webhooks: rows.map(present), total: rows.length };
	}

	async remove(request: FastifyRequest, user: Principal, id: string) {
		await this.db.transaction(async (tx) => {
			const deleted = await tx.delete(robloxWebhooks).where(and(eq(robloxWebhooks.id, id), eq(robloxWebhooks.userId, user.id))).returning({ id: robloxWebhooks.id });
			if (deleted.length === 0) throw notFound("Webhook");
			await audit(tx, request, { action: "roblox.webhook.delete", targetType: "webhook", targetId: id });
		});
		return { deleted: true };
	}

	async deliveries(user: Principal, id: string, limit: number) {
		await this.owned(user, id);
		const rows = await this.db
			.select()
			.from(robloxWebhookDeliveries)
			.where(eq(robloxWebhookDeliveries.webhookId, id))
			.orderBy(desc(robloxWebhookDeliveries.createdAt))
			.limit(limit);
		return {
			deliveries: rows.map((d) => ({
				id: d.id,
				event: d.event,
				status: d.status,
				attempts: d.attempts,
				response_status: d.responseStatus,
				last_error: d.lastError,
				created_at: d.createdAt.toISOString(),
				delivered_at: d.deliveredAt?.toISOString() ?? null,
			})),
			total: rows.length,
		};
	}

	async dispatch(userId: string, event: WebhookEvent, data: Record<string, unknown>): Promise<void> {
		const hooks = await this.db.select().from(robloxWebhooks).where(and(eq(robloxWebhooks.userId, userId), eq(robloxWebhooks.active, true)));
		const now = this.clock();
		for (const hook of hooks.filter((h) => h.events.includes(event))) {
			const id = randomUUID();
			const body = JSON.stringify({ id, event, data, timestamp: new Date(now).toISOString() });
			await this.db.insert(robloxWebhookDeliveries).values({ id, webhookId: hook.id, event, body });
			// The event happened and its delivery is stored: a queue outage delays it (redrive), it
			// does not undo what the caller did.
			await this.queue({ deliveryId: id }).catch((error: unknown) => {
				if (!(error instanceof JobQueueUnavailableError)) throw error;
			});
		}
	}

	/** Queues again every delivery still undelivered `olderThanMs` after it was made; returns how many. */
	async redrive(olderThanMs: number): Promise<number> {
		const rows = await this.db
			.select({ id: robloxWebhookDeliveries.id, attempts: robloxWebhookDeliveries.attempts })
			.from(robloxWebhookDeliveries)
			.where(and(inArray(robloxWebhookDeliveries.status, ["pending", "retrying"]), olderThan(robloxWebhookDeliveries.createdAt, olderThanMs)))
			.orderBy(asc(robloxWebhookDeliveries.createdAt))
			.limit(REDRIVE_BATCH);
		for (const row of rows) await this.queue({ deliveryId: row.id, after: row.attempts });
		return rows.length;
	}

	private queue(job: DeliveryJob): Promise<string> {
		const left = Math.max(1, this.retry.attempts - (job.after ?? 0));
		return this.jobs.enqueue(DELIVERY_JOB, job, { jobId: job.deliveryId, attempts: left, backoffMs: this.retry.baseMs });
	}

	/**
	 * Job handler: one delivery attempt, numbered after the attempts earlier jobs made. Throws to
	 * make the queue retry; the last failure is recorded, not thrown.
	 */
	async deliver({ deliveryId, after = 0 }: DeliveryJob, jobAttempt: number): Promise<void> {
		const attempt = after + jobAttempt;
		const [row] = await this.db
			.select({ delivery: robloxWebhookDeliveries, hook: robloxWebhooks })
			.from(robloxWebhookDeliveries)
			.innerJoin(robloxWebhooks, eq(robloxWebhooks.id, robloxWebhookDeliveries.webhookId))
			.where(eq(robloxWebhookDeliveries.id, deliveryId));
		if (!row || row.delivery.status === "delivered") return;
		const { delivery, hook } = row;
		const timestamp = JSON.parse(delivery.body).timestamp as string;
		const outcome = await this.outbound.post(
			hook.url,
			{
				"content-type": "application/json",
				"user-agent": "classroom-roblox-webhooks/1",
				"x-signature": signBody(this.cipher.open(hook.secretSealed), delivery.body),
				"x-timestamp": String(Math.floor(Date.parse(timestamp) / 1000)),
				"x-webhook-event": delivery.event,
				"x-webhook-id": delivery.id,
			},
			delivery.body,
		);
		const status = outcome.kind === "answered" ? outcome.status : null;
		const error = describeFailure(outcome);
		// A refused destination stays refused: retrying would only knock on the same door.
		const last = attempt >= this.retry.attempts || outcome.kind === "refused";
		await this.db
			.update(robloxWebhookDeliveries)
			.set({
				attempts: attempt,
				responseStatus: status,
				lastError: error,
				status: error === null ? "delivered" : last ? "failed" : "retrying",
				deliveredAt: error === null ? new Date(this.clock()) : null,
			})
			.where(eq(robloxWebhookDeliveries.id, deliveryId));
		if (error !== null && !last) throw new Error(error);
	}

	private async owned(user: Principal, id: string) {
		const [hook] = await this.db.select({ id: robloxWebhooks.id }).from(robloxWebhooks).where(and(eq(robloxWebhooks.id, id), eq(robloxWebhooks.userId, user.id)));
		if (!hook) throw notFound("Webhook");
	}
}

/** null when delivered; otherwise one of a few fixed phrases (see the class comment). */
function describeFailure(outcome: OutboundOutcome): string | null {
	if (outcome.kind === "answered") return outcome.status >= 200 && outcome.status < 300 ? null : `Receiver answered ${outcome.status}`;
	if (outcome.kind === "refused") return "Destination not allowed";
	return "Receiver unreachable";
}

function present(row: typeof robloxWebhooks.$inferSelect) {
	return { id: row.id, url: row.url, events: row.events, active: row.active, created_at: row.createdAt.toISOString() };
}
