import type { Db } from "../../../db/client.js";
import type { Role } from "../../../db/tables.js";

/**
 * The seam through which another platform area adds its numbers to GET /v2/users/{id}/analytics
 * without this folder importing it. The progress area calls `provideProgressSummary(fn)` when its
 * plugin registers; until then `progress` is null. The summary is any JSON object the provider
 * documents (e.g. `{ lessons_completed, average_score, last_activity_at }`).
 */
export type ProgressSummaryProvider = (db: Db, user: { id: string; role: Role }) => Promise<Record<string, unknown> | null>;

let progressProvider: ProgressSummaryProvider | undefined;

export function provideProgressSummary(provider: ProgressSummaryProvider): void {
	progressProvider = provider;
}

export async function progressSummary(db: Db, user: { id: string; role: Role }): Promise<Record<string, unknown> | null> {
	return progressProvider ? progressProvider(db, user) : null;
}
