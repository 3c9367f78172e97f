import { createHash } from "node:crypto";

/**
 * The authorization-code grant with PKCE as Discord's and Roblox's token endpoints check it:
 * client credentials, single-use codes bound to their redirect URI, and the S256 verifier.
 * Each stand-in keeps its own account shape in `T`.
 */
export class AuthorizationCodes<T> {
	private readonly codes = new Map<string, { challenge: string; redirectUri: string; grant: T }>();
	private counter = 0;

	constructor(private readonly client: { clientId: string; clientSecret: string }, private readonly prefix: string) {}

	/** The user consented at `authorizeUrl`: a code for the redirect, and the state to send back. */
	issue(authorizeUrl: string, grant: T): { state: string; code: string } {
		const url = new URL(authorizeUrl);
		const code = `${this.prefix}-${++this.counter}`;
		this.codes.set(code, { challenge: url.searchParams.get("code_challenge") ?? "", redirectUri: url.searchParams.get("redirect_uri") ?? "", grant });
		return { state: url.searchParams.get("state") ?? "", code };
	}

	/** A token request's form body: the code's grant, or the status and OAuth error to answer with. */
	redeem(body: Record<string, string>): { grant: T } | { status: number; error: { error: string; error_description?: string } } {
		if (body.client_id !== this.client.clientId || body.client_secret !== this.client.clientSecret) return { status: 401, error: { error: "invalid_client" } };
		const issued = this.codes.get(body.code);
		this.codes.delete(body.code);
		if (body.grant_type !== "authorization_code" || !issued || issued.redirectUri !== body.redirect_uri) return { status: 400, error: { error: "invalid_grant" } };
		if (createHash("sha256").update(body.code_verifier ?? "").digest("base64url") !== issued.challenge) return { status: 400, error: { error: "invalid_grant", error_description: "PKCE" } };
		return { grant: issued.grant };
	}
}
