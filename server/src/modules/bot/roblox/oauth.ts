import { robloxFetch, robloxJson } from "./http.js";
import { authorizationCodeForm } from "../oauthForm.js";

export interface OAuthClient {
	baseUrl: string;
	clientId: string;
	clientSecret: string;
	redirectUri: string;
	timeoutMs: number;
}

/** The Roblox account behind an authorization code (code -> token -> userinfo). */
export async function robloxAccountFor(client: OAuthClient, code: string, codeVerifier: string): Promise<{ robloxUserId: string; displayName: string }> {
	const base = client.baseUrl.replace(/\/+$/, "");
	const form = authorizationCodeForm(client, code, codeVerifier);
	const token = await robloxJson<{ access_token?: string }>(
		await robloxFetch(`${base}/v1/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() }, client.timeoutMs),
	);
	if (!token.access_token) throw new Error("Roblox token response has no access_token");
	const info = await robloxJson<{ sub?: string; nickname?: string; name?: string; preferred_username?: string }>(
		await robloxFetch(`${base}/v1/userinfo`, { headers: { authorization: `Bearer ${token.access_token}` } }, client.timeoutMs),
	);
	if (!info.sub || !/^\d+$/.test(info.sub)) throw new Error("Roblox userinfo has no numeric sub");
	return { robloxUserId: info.sub, displayName: info.nickname ?? info.name ?? info.preferred_username ?? "" };
}

export function authorizeUrl(client: OAuthClient, state: string, codeChallenge: string): string {
	const params = new URLSearchParams({
		client_id: client.clientId,
		redirect_uri: client.redirectUri,
		scope: "openid profile",
		response_type: "code",
		state,
		code_challenge: codeChallenge,
		code_challenge_method: "S256",
	});
	return `${client.baseUrl.replace(/\/+$/, "")}/v1/authorize?${params.toString()}`;
}
