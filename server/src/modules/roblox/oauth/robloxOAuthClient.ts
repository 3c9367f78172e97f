import type { Config } from "../../../config.js";
import { joinUrl, readJson, upstreamFetch } from "../upstream.js";
import { fromUpstream, oauthError } from "./errors.js";

export interface RobloxTokenResponse {
	access_token: string;
	token_type: string;
	expires_in: number;
	refresh_token?: string;
	scope: string;
	id_token?: string;
}

export interface RobloxUserInfo {
	sub: string;
	name?: string;
	nickname?: string;
	preferred_username?: string;
	profile?: string;
}

/**
 * Roblox's OAuth 2.0 endpoints under ROBLOX_OAUTH_BASE_URL (`v1/authorize`, `v1/token`,
 * `v1/userinfo`, `v1/token/revoke`). The client authenticates with its id and secret in the form
 * body; the PKCE verifier travels only from this server to Roblox.
 */
export class RobloxOAuthClient {
	constructor(private readonly config: Config) {}

	get configured(): boolean {
		return Boolean(this.config.ROBLOX_OAUTH_CLIENT_ID && this.config.ROBLOX_OAUTH_CLIENT_SECRET);
	}

	authorizationUrl(options: { redirectUri: string; scopes: string[]; state: string; challenge: string }): string {
		const url = new URL(joinUrl(this.config.ROBLOX_OAUTH_BASE_URL, "v1/authorize"));
		url.search = new URLSearchParams({
			client_id: this.clientId(),
			redirect_uri: options.redirectUri,
			scope: options.scopes.join(" "),
			response_type: "code",
			state: options.state,
			code_challenge: options.challenge,
			code_challenge_method: "S256",
		}).toString();
		return url.toString();
	}

	exchangeCode(code: string, verifier: string, redirectUri: string): Promise<RobloxTokenResponse> {
		return this.token({ grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: redirectUri });
	}

	refresh(refreshToken: string): Promise<RobloxTokenResponse> {
		return this.token({ grant_type: "refresh_token", refresh_token: refreshToken });
	}

	async userInfo(accessToken: string): Promise<RobloxUserInfo> {
		const response = await upstreamFetch(joinUrl(this.config.ROBLOX_OAUTH_BASE_URL, "v1/userinfo"), { headers: { authorization: `Bearer ${accessToken}` } }, "Roblox OAuth");
		const body = await readJson(response);
		if (!response.ok) throw fromUpstream(response.status, body);
		const info = body as Partial<RobloxUserInfo> | undefined;
		if (!info || typeof info.sub !== "string" || !/^\d{1,20}$/.test(info.sub)) throw oauthError(502, "temporarily_unavailable", "Roblox userinfo had no valid sub", "upstream");
		return info as RobloxUserInfo;
	}

	async revoke(token: string): Promise<void> {
		const response = await upstreamFetch(
			joinUrl(this.config.ROBLOX_OAUTH_BASE_URL, "v1/token/revoke"),
			{ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: this.form({ token }) },
			"Roblox OAuth",
		);
		const body = await readJson(response);
		if (!response.ok) throw fromUpstream(response.status, body);
	}

	private async token(params: Record<string, string>): Promise<RobloxTokenResponse> {
		const response = await upstreamFetch(
			joinUrl(this.config.ROBLOX_OAUTH_BASE_URL, "v1/token"),
			{ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: this.form(params) },
			"Roblox OAuth",
		);
		const body = await readJson(response);
		if (!response.ok) throw fromUpstream(response.status, body);
		const token = body as Partial<RobloxTokenResponse> | undefined;
		if (!token || typeof token.access_token !== "string" || typeof token.expires_in !== "number") {
			throw oauthError(502, "temporarily_unavailable", "Roblox token response was not understood", "upstream");
		}
		return { token_type: "Bearer", scope: "", ...token } as RobloxTokenResponse;
	}

	private form(params: Record<string, string>): string {
		return new URLSearchParams({ ...params, client_id: this.clientId(), client_secret: this.config.ROBLOX_OAUTH_CLIENT_SECRET ?? "" }).toString();
	}

	private clientId(): string {
		if (!this.configured) throw oauthError(503, "OAUTH_NOT_CONFIGURED", "Roblox OAuth is not configured (ROBLOX_OAUTH_CLIENT_ID / ROBLOX_OAUTH_CLIENT_SECRET)");
		return this.config.ROBLOX_OAUTH_CLIENT_ID as string;
	}
}
