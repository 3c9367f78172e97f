import { AppError } from "../../../http/errors.js";

/**
 * OAuth failures use the spec's OAuth2 error codes (RFC 6749 spelling) inside the v1 error
 * envelope; `details.reason` says which check failed. Stable, clients branch on them:
 *
 * | code | status | when |
 * |---|---|---|
 * | invalid_request | 400 | malformed redirect_uri/state, callback without code |
 * | invalid_scope | 400 | a scope is malformed, or `openid` is missing (userinfo needs it) |
 * | invalid_grant | 400 | state unknown / used / expired / bound to another user; code rejected by Roblox; refresh token stale or not the stored one; no linked grant |
 * | access_denied | 400 | the user refused consent at Roblox |
 * | invalid_client | 502 | Roblox rejected this server's client id/secret (operator problem) |
 * | unauthorized_client, unsupported_grant_type | 502 | Roblox refused the grant type for this client |
 * | temporarily_unavailable | 502 | Roblox answered 5xx or something unreadable |
 * | OAUTH_NOT_CONFIGURED | 503 | ROBLOX_OAUTH_CLIENT_ID / _SECRET are not set |
 * | CONFLICT | 409 | the Roblox account is already linked to another user |
 * | RATE_LIMITED | 429 | Roblox answered 429 (Retry-After passed on) |
 * | SERVICE_UNAVAILABLE | 503 | Roblox unreachable |
 */
export const oauthError = (status: number, code: string, message: string, reason?: string) =>
	new AppError(status, code, message, reason ? { reason } : undefined);

export const invalidGrant = (message: string, reason: string) => oauthError(400, "invalid_grant", message, reason);

/** Maps an error body from Roblox's token endpoints onto our codes. */
export function fromUpstream(status: number, body: unknown): AppError {
	const error = typeof body === "object" && body !== null ? (body as { error?: unknown; error_description?: unknown }) : {};
	const code = typeof error.error === "string" ? error.error : "";
	const description = typeof error.error_description === "string" ? error.error_description : `Roblox OAuth answered ${status}`;
	if (code === "invalid_grant" || code === "invalid_request" || code === "invalid_scope" || code === "access_denied") return oauthError(400, code, description, "upstream");
	if (code === "invalid_client" || status === 401) return oauthError(502, "invalid_client", "Roblox rejected this server's OAuth client credentials", "upstream");
	if (code === "unauthorized_client" || code === "unsupported_grant_type") return oauthError(502, code, description, "upstream");
	if (status >= 400 && status < 500) return oauthError(400, "invalid_grant", description, "upstream");
	return oauthError(502, "temporarily_unavailable", `Roblox OAuth answered ${status}`, "upstream");
}
