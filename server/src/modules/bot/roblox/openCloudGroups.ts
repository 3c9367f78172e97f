import { robloxFetch, robloxJson } from "./http.js";

export interface GroupRole {
	id: string;
	name: string;
	rank: number;
}

export interface OpenCloudMembership {
	userId: string;
	roleId: string;
}

/** Open Cloud v2 group reads with an `x-api-key`. Pages are walked to the end. */
export class OpenCloudGroups {
	constructor(
		private readonly baseUrl: string,
		private readonly apiKey: string,
		private readonly timeoutMs: number,
	) {}

	async roles(groupId: string): Promise<GroupRole[]> {
		const roles: GroupRole[] = [];
		for await (const page of this.pages<{ groupRoles?: { id: string; displayName: string; rank: number }[] }>(`/cloud/v2/groups/${groupId}/roles`, 20)) {
			for (const r of page.groupRoles ?? []) roles.push({ id: String(r.id), name: r.displayName, rank: r.rank });
		}
		return roles;
	}

	async *memberships(groupId: string): AsyncGenerator<OpenCloudMembership[]> {
		for await (const page of this.pages<{ groupMemberships?: { user: string; role: string }[] }>(`/cloud/v2/groups/${groupId}/memberships`, 100)) {
			yield (page.groupMemberships ?? []).map((m) => ({ userId: lastSegment(m.user), roleId: lastSegment(m.role) }));
		}
	}

	private async *pages<T extends object>(path: string, pageSize: number): AsyncGenerator<T & { nextPageToken?: string }> {
		let token = "";
		for (let page = 0; page < MAX_PAGES; page++) {
			const url = `${this.baseUrl.replace(/\/+$/, "")}${path}?maxPageSize=${pageSize}&pageToken=${encodeURIComponent(token)}`;
			const body = await robloxJson<T & { nextPageToken?: string }>(await robloxFetch(url, { headers: { "x-api-key": this.apiKey } }, this.timeoutMs));
			yield body;
			token = body.nextPageToken ?? "";
			if (!token) return;
		}
	}
}

/** 100,000 members at 100 a page: a bound so a looping cursor cannot hold a request forever. */
const MAX_PAGES = 1000;

/** `groups/7/roles/99513316` -> `99513316`; `users/156` -> `156`. */
const lastSegment = (resource: string): string => resource.split("/").pop() ?? resource;
