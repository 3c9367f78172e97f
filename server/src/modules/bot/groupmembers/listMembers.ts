import type { Static } from "@sinclair/typebox";
import type { Sleep } from "../sleep.js";
import { RobloxHttpError } from "../roblox/http.js";
import type { OpenCloudGroups } from "../roblox/openCloudGroups.js";
import type { RoleCache } from "../roblox/roleCache.js";
import type { GroupMemberSchema } from "./schema.js";

type GroupMember = Static<typeof GroupMemberSchema>;

/**
 * Open Cloud path: walk every membership page and join each against the cached roles
 * (reloaded once if a membership names a role the cache does not know yet). Open Cloud has no
 * usernames, so `username` is "". Guests (rank 0) are dropped unless asked for.
 */
export async function listOpenCloudMembers(
	groups: OpenCloudGroups,
	roleCache: RoleCache,
	groupId: string,
	includeGuests: boolean,
	sleep: Sleep,
): Promise<GroupMember[]> {
	let roles = await withRetry(() => roleCache.get(groupId, () => groups.roles(groupId)), sleep);
	let reloaded = false;
	const pages = await withRetry(async () => {
		const all = [];
		for await (const page of groups.memberships(groupId)) all.push(...page);
		return all;
	}, sleep);
	const members: GroupMember[] = [];
	for (const m of pages) {
		if (!roles.has(m.roleId) && !reloaded) {
			roles = await withRetry(() => roleCache.get(groupId, () => groups.roles(groupId), true), sleep);
			reloaded = true;
		}
		const role = roles.get(m.roleId);
		if (role && role.rank === 0 && !includeGuests) continue;
		members.push({ userId: m.userId, username: "", role: role?.name ?? m.roleId });
	}
	return members;
}

/** Honours Open Cloud's Retry-After on 429 (at most 2 more tries, each pause at most 60 s). */
async function withRetry<T>(fn: () => Promise<T>, sleep: Sleep): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await fn();
		} catch (error) {
			if (!(error instanceof RobloxHttpError) || error.status !== 429 || attempt >= 3) throw error;
			await sleep(Math.min(60, error.retryAfterSeconds ?? 1) * 1000);
		}
	}
}
