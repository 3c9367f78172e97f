import type { Db, Tx } from "../../db/client.js";
import { botModerationLogs, botWarningLogs } from "./tables.js";

/** Writes a workspace's moderation trail (webhook posts, member actions, exiles). */
export async function recordModeration(
	db: Db | Tx,
	entries: { workspaceId: string; action: string; target?: string | null; details?: Record<string, unknown> }[],
): Promise<void> {
	if (entries.length === 0) return;
	await db.insert(botModerationLogs).values(entries.map((e) => ({ workspaceId: e.workspaceId, action: e.action, target: e.target ?? null, details: e.details ?? null })));
}

/** Security warnings operators chase: `auth_failure`, `legacy_auth_body_security`. */
export async function recordWarning(
	db: Db | Tx,
	entry: { category: string; message: string; ip?: string; keyHint?: string | null; workspaceId?: string | null },
): Promise<void> {
	await db.insert(botWarningLogs).values({
		category: entry.category,
		message: entry.message,
		ip: entry.ip ?? null,
		keyHint: entry.keyHint ?? null,
		workspaceId: entry.workspaceId ?? null,
	});
}
