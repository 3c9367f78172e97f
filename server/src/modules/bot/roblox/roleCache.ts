import type { GroupRole } from "./openCloudGroups.js";

/** Group roles change rarely; members are joined against this cache (10 minutes per group). */
export class RoleCache {
	private readonly entries = new Map<string, { roles: Map<string, GroupRole>; at: number }>();

	constructor(private readonly clock: () => number) {}

	async get(groupId: string, load: () => Promise<GroupRole[]>, forceReload = false): Promise<Map<string, GroupRole>> {
		const entry = this.entries.get(groupId);
		if (entry && !forceReload && this.clock() - entry.at < TTL_MS) return entry.roles;
		const roles = new Map((await load()).map((r) => [r.id, r]));
		this.entries.set(groupId, { roles, at: this.clock() });
		return roles;
	}
}

const TTL_MS = 10 * 60 * 1000;
