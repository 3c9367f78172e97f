import type { FastifyBaseLogger, FastifyRequest } from "fastify";
import type { Config } from "../../../config.js";
import type { Db } from "../../../db/client.js";
import { audit } from "../../../http/audit.js";
import type { JobQueue } from "../../../jobs/queue.js";
import { robloxNotifications } from "../tables.js";
import { DEFAULT_PROFILE_STORE, eraseClassroomData, eraseDataStoreEntries, schoolsInUniverses } from "./service.js";

export const DATASTORE_ERASURE_JOB = "classroom.erase-datastores";

export interface ErasureNotification {
	notificationId: string;
	robloxUserId: string;
	/** Roblox's GameIds: the universes the user played. */
	universes: string[];
}

export interface WebhookOutcome {
	status: "erased" | "duplicate";
	/** Schools whose classroom data was erased (counts are in the audit log). */
	schools: number;
	/** queued: a background job deletes the profile entries; none: no universe of ours listed. */
	dataStores: "queued" | "none" | "not_configured";
}

interface DataStoreJob {
	notificationId: string;
	robloxUserId: string;
	universes: string[];
}

/**
 * Roblox's Right to Erasure notification. The classroom data of every school with a place key
 * in one of the listed universes is erased in one transaction that also records the
 * NotificationId, so a redelivery finds it and does nothing, and a failure leaves nothing
 * recorded for Roblox's retry to redo. That part is a few indexed deletes per school, quick
 * enough for Roblox's 5 s. The DataStore entries need one Open Cloud call per universe (each may
 * take up to ROBLOX_HTTP_TIMEOUT_MS), so they are a background job, enqueued in the transaction:
 * if the enqueue fails nothing commits; if the commit fails the job's deletes are harmless.
 */
export async function eraseForNotification(db: Db, config: Config, jobs: JobQueue, request: FastifyRequest, notice: ErasureNotification, now: Date): Promise<WebhookOutcome> {
	const { schoolIds, universes } = await schoolsInUniverses(db, notice.universes);
	const dataStores = universes.length === 0 ? "none" : config.ROBLOX_OPEN_CLOUD_API_KEY ? "queued" : "not_configured";
	return db.transaction(async (tx) => {
		const [fresh] = await tx
			.insert(robloxNotifications)
			.values({ notificationId: notice.notificationId, eventType: "RightToErasureRequest", receivedAt: now })
			.onConflictDoNothing()
			.returning({ id: robloxNotifications.notificationId });
		if (!fresh) return { status: "duplicate", schools: 0, dataStores: "none" } satisfies WebhookOutcome;
		const via = { actor: { kind: "system" as const, id: null }, details: { via: "roblox_webhook" } };
		for (const schoolId of schoolIds) await eraseClassroomData(tx, request, notice.robloxUserId, schoolId, via);
		if (dataStores === "queued") {
			await jobs.enqueue<DataStoreJob>(DATASTORE_ERASURE_JOB, { notificationId: notice.notificationId, robloxUserId: notice.robloxUserId, universes }, { attempts: 5, backoffMs: 30_000 });
		}
		return { status: "erased", schools: schoolIds.length, dataStores } satisfies WebhookOutcome;
	});
}

/**
 * The background half: deletes the profile entry in each listed universe of ours, audits the
 * outcome counts, and throws while an entry failed so the queue retries (deletes are idempotent).
 */
export function defineDataStoreErasureJob(db: Db, config: Config, jobs: JobQueue, log: FastifyBaseLogger): void {
	jobs.define<DataStoreJob>(DATASTORE_ERASURE_JOB, async (data, job) => {
		const result = await eraseDataStoreEntries(config, data.universes, { robloxUserId: data.robloxUserId, ...DEFAULT_PROFILE_STORE });
		const count = (outcome: string) => result.entries.filter((e) => e.outcome === outcome).length;
		const counts = { deleted: count("deleted"), absent: count("absent"), failed: count("failed") };
		await audit(db, undefined, {
			action: "player.erase_datastores",
			targetType: "roblox_user",
			targetId: data.robloxUserId,
			actor: { kind: "system", id: null },
			details: { via: "roblox_webhook", attempt: job.attempt, ...counts },
		});
		if (result.status === "partial") {
			log.warn({ job: DATASTORE_ERASURE_JOB, attempt: job.attempt, ...counts }, "DataStore erasure incomplete; retrying");
			throw new Error(`DataStore erasure: ${counts.failed} entries failed`);
		}
	});
}
