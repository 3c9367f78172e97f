import { RobloxHttpError, robloxError, robloxFetch, robloxJson } from "./http.js";

export type ExileOutcome = { ok: true } | { ok: false; rateLimited: boolean; message: string };

export interface LegacyMember {
	userId: string;
	username: string;
	role: string;
	rank: number;
}

/**
 * The group bot's legacy cookie session against groups.roblox.com: exile (Open Cloud has no
 * membership delete) and the member listing fallback. Writes need the X-CSRF-TOKEN dance:
 * Roblox answers 403 with a fresh token in `x-csrf-token`; the request is repeated with it.
 * Tokens are kept per workspace so later calls skip the extra round trip.
 */
export class CookieGroups {
	constructor(
		private readonly baseUrl: string,
		private readonly cookie: string | undefined,
		private readonly csrf: { get(): string | undefined; set(token: string): void },
		private readonly timeoutMs: number,
	) {}

	async exile(groupId: string, userId: string): Promise<ExileOutcome> {
		if (!this.cookie) return { ok: false, rateLimited: false, message: "Group cookie is not configured for this workspace" };
		const url = `${this.base()}/v1/groups/${groupId}/users/${userId}`;
		let response: Response;
		try {
			response = await this.send(url);
			const fresh = response.headers.get("x-csrf-token");
			if (response.status === 403 && fresh) {
				this.csrf.set(fresh);
				response = await this.send(url);
			}
		} catch (error) {
			return { ok: false, rateLimited: false, message: error instanceof Error ? error.message : String(error) };
		}
		if (response.ok) return { ok: true };
		const error = await robloxError(response);
		return { ok: false, rateLimited: response.status === 429, message: error.message };
	}

	async members(groupId: string): Promise<LegacyMember[]> {
		if (!this.cookie) throw new RobloxHttpError(0, "Workspace has no Roblox credentials configured");
		const members: LegacyMember[] = [];
		let cursor = "";
		for (let page = 0; page < 1000; page++) {
			const url = `${this.base()}/v1/groups/${groupId}/users?limit=100&sortOrder=Asc&cursor=${encodeURIComponent(cursor)}`;
			const body = await robloxJson<{ data?: { user: { userId: number; username: string }; role: { name: string; rank: number } }[]; nextPageCursor?: string | null }>(
				await robloxFetch(url, { headers: { cookie: `.ROBLOSECURITY=${this.cookie}` } }, this.timeoutMs),
			);
			for (const m of body.data ?? []) members.push({ userId: String(m.user.userId), username: m.user.username, role: m.role.name, rank: m.role.rank });
			cursor = body.nextPageCursor ?? "";
			if (!cursor) break;
		}
		return members;
	}

	private send(url: string): Promise<Response> {
		const token = this.csrf.get();
		return robloxFetch(url, { method: "DELETE", headers: { cookie: `.ROBLOSECURITY=${this.cookie}`, ...(token ? { "x-csrf-token": token } : {}) } }, this.timeoutMs);
	}

	private base(): string {
		return this.baseUrl.replace(/\/+$/, "");
	}
}
