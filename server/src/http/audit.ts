import type { FastifyRequest } from "fastify";
import type { Db, Tx } from "../db/client.js";
import { auditLog } from "../db/tables.js";

export interface AuditEntry {
	action: string;
	targetType: string;
	targetId?: string | null;
	schoolId?: string | null;
	details?: Record<string, unknown>;
	/** Who acted when not a signed-in user (e.g. an API key id). */
	actor?: { kind: "user" | "api_key" | "system"; id: string | null };
}

/** Records who wrote what. Pass the write's transaction so the entry commits with the write. */
export async function audit(db: Db | Tx, request: FastifyRequest | undefined, entry: AuditEntry): Promise<void> {
	const actor = entry.actor ?? (request?.user ? { kind: "user" as const, id: request.user.id } : { kind: "system" as const, id: null });
	await db.insert(auditLog).values({
		actorId: actor.id,
		actorKind: actor.kind,
		schoolId: entry.schoolId ?? request?.user?.schoolId ?? null,
		action: entry.action,
		targetType: entry.targetType,
		targetId: entry.targetId ?? null,
		details: entry.details ?? null,
		requestId: request?.id ?? null,
		ip: request?.ip ?? null,
	});
}
