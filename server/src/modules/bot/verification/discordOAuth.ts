import { robloxFetch } from "../roblox/http.js";
import { authorizationCodeForm } from "../oauthForm.js";

export interface DiscordOAuthClient {
	/** https://discord.com (or a loopback stand-in): authorize at /oauth2/authorize, API under /api. */
	baseUrl: string;
	clientId: string;
	clientSecret: string;
	redirectUri: string;
	timeoutMs: number;
}

/** The Discord consent page for the first leg: `identify` (who) and `guilds` (member of which guilds), PKCE S256. */
export function discordAuthorizeUrl(client: DiscordOAuthClient, state: string, codeChallenge: string): string {
	const params = new URLSearchParams({
		client_id: client.clientId,
		redirect_uri: client.redirectUri,
		response_type: "code",
		scope: "identify guilds",
		state,
		code_challenge: codeChallenge,
		code_challenge_method: "S256",
	});
	return `${base(client)}/oauth2/authorize?${params.toString()}`;
}

/** The Discord user behind an authorization code (code -> token -> /users/@me and their guild ids). */
export async function discordIdentityFor(client: DiscordOAuthClient, code: string, codeVerifier: string): Promise<{ discordUserId: string; guildIds: string[] }> {
	const form = authorizationCodeForm(client, code, codeVerifier);
	const token = await json<{ access_token?: string; scope?: string }>(
		await robloxFetch(`${base(client)}/api/oauth2/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() }, client.timeoutMs),
	);
	if (!token.access_token) throw new Error("Discord token response has no access_token");
	const auth = { headers: { authorization: `Bearer ${token.access_token}` } };
	const me = await json<{ id?: string }>(await robloxFetch(`${base(client)}/api/users/@me`, auth, client.timeoutMs));
	if (!me.id || !/^\d{17,20}$/.test(me.id)) throw new Error("Discord /users/@me has no snowflake id");
	const guilds = await json<{ id?: string }[]>(await robloxFetch(`${base(client)}/api/users/@me/guilds`, auth, client.timeoutMs));
	return { discordUserId: me.id, guildIds: Array.isArray(guilds) ? guilds.map((g) => String(g.id)) : [] };
}

const base = (client: DiscordOAuthClient) => client.baseUrl.replace(/\/+$/, "");

async function json<T>(response: Response): Promise<T> {
	if (!response.ok) throw new Error(`Discord OAuth error: ${response.status}`);
	return (await response.json()) as T;
}
