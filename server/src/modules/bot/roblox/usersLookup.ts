import { robloxFetch, robloxJson } from "./http.js";

/**
 * Usernames -> ids through users.roblox.com `POST /v1/usernames/users` (100 per call).
 * Returns lower-cased requested name -> id; names Roblox does not know are absent.
 */
export async function resolveUsernames(baseUrl: string, names: string[], timeoutMs: number): Promise<Map<string, string>> {
	const ids = new Map<string, string>();
	for (let i = 0; i < names.length; i += 100) {
		const chunk = names.slice(i, i + 100);
		const response = await robloxFetch(
			`${baseUrl.replace(/\/+$/, "")}/v1/usernames/users`,
			{ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ usernames: chunk, excludeBannedUsers: false }) },
			timeoutMs,
		);
		const body = await robloxJson<{ data?: { requestedUsername: string; id: number }[] }>(response);
		for (const user of body.data ?? []) ids.set(user.requestedUsername.toLowerCase(), String(user.id));
	}
	return ids;
}
