import type { Sleep } from "../sleep.js";
import type { ExileOutcome } from "../roblox/cookieGroups.js";
import type { BulkExileSummary, ExileResult } from "./schema.js";

/** How the group action is carried out (today: the legacy cookie endpoint). */
export interface GroupExileAdapter {
	exile(groupId: string, userId: string): Promise<ExileOutcome>;
}

export const MAX_ATTEMPTS = 3;
export const RATE_LIMIT_PAUSE_MS = 90_000;

/**
 * Exiles each resolved user in turn. A user is tried up to 3 times; a Roblox 429 pauses the
 * whole loop 90 s before the retry (Roblox's group write budget is per account, so pushing on
 * only burns it), any other failure stops that user at once. Unresolved inputs report
 * `attempts: 0`. Results keep the request's order and its original spelling of each user.
 */
export async function exileUsers(
	inputs: { user: string; userId?: string; unresolved?: string }[],
	groupId: string,
	adapter: GroupExileAdapter,
	sleep: Sleep,
): Promise<BulkExileSummary> {
	const results: ExileResult[] = [];
	for (const input of inputs) {
		if (!input.userId) {
			results.push({ user: input.user, success: false, message: input.unresolved ?? "User not found", attempts: 0 });
			continue;
		}
		results.push(await exileOne(input.user, input.userId, groupId, adapter, sleep));
	}
	const exiled = results.filter((r) => r.success).length;
	return { results, total: results.length, exiled, failed: results.length - exiled };
}

async function exileOne(user: string, userId: string, groupId: string, adapter: GroupExileAdapter, sleep: Sleep): Promise<ExileResult> {
	for (let attempt = 1; ; attempt++) {
		const outcome = await adapter.exile(groupId, userId);
		if (outcome.ok) return { user, success: true, message: "Exiled", attempts: attempt };
		if (!outcome.rateLimited || attempt >= MAX_ATTEMPTS) return { user, success: false, message: outcome.message, attempts: attempt };
		await sleep(RATE_LIMIT_PAUSE_MS);
	}
}
