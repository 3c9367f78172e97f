import Fastify, { type FastifyRequest } from "fastify";
import { AuthorizationCodes } from "./oauthCodes.js";

/**
 * Loopback stand-in for Discord's OAuth2 (authorization code + PKCE). It checks what Discord
 * checks: the client id and secret, a single-use code issued for this redirect URI, the PKCE
 * S256 verifier, a Bearer access token on /users/@me, and the `guilds` scope on
 * /users/@me/guilds. `consent` plays the user signing in at the authorize URL.
 */
export async function startDiscordOAuthStandIn(options: { clientId: string; clientSecret: string }) {
	const app = Fastify();
	app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
	type Account = { id: string; guilds: string[] };
	const codes = new AuthorizationCodes<{ scopes: string[]; account: Account }>(options, "dcode");
	const tokens = new Map<string, { scopes: string[]; account: Account }>();
	let counter = 0;

	app.post("/api/oauth2/token", async (request: FastifyRequest<{ Body: Record<string, string> }>, reply) => {
		const redeemed = codes.redeem(request.body ?? {});
		if ("error" in redeemed) return reply.code(redeemed.status).send(redeemed.error);
		const { grant } = redeemed;
		const access = `dat-${++counter}`;
		tokens.set(access, { scopes: grant.scopes, account: grant.account });
		return { access_token: access, token_type: "Bearer", expires_in: 604800, scope: grant.scopes.join(" ") };
	});
	const bearer = (request: FastifyRequest) => tokens.get((request.headers.authorization ?? "").replace(/^Bearer /, ""));
	app.get("/api/users/@me", async (request, reply) => {
		const grant = bearer(request);
		if (!grant || !grant.scopes.includes("identify")) return reply.code(401).send({ message: "401: Unauthorized", code: 0 });
		return { id: grant.account.id, username: `user${grant.account.id.slice(-4)}`, discriminator: "0" };
	});
	app.get("/api/users/@me/guilds", async (request, reply) => {
		const grant = bearer(request);
		if (!grant || !grant.scopes.includes("guilds")) return reply.code(401).send({ message: "401: Unauthorized", code: 0 });
		return grant.account.guilds.map((id) => ({ id, name: `Guild ${id.slice(-3)}`, owner: false, permissions: "0" }));
	});

	const address = await app.listen({ host: "127.0.0.1", port: 0 });
	return {
		baseUrl: address,
		/** The user signs in to Discord as `account` at `authorizeUrl` and consents; returns the redirect's state and code. */
		consent(authorizeUrl: string, account: Account): { state: string; code: string } {
			const url = new URL(authorizeUrl);
			if (url.origin !== address || url.pathname !== "/oauth2/authorize") throw new Error(`not a Discord authorize URL: ${authorizeUrl}`);
			if (url.searchParams.get("client_id") !== options.clientId || url.searchParams.get("code_challenge_method") !== "S256") throw new Error("bad authorize parameters");
			return codes.issue(authorizeUrl, { scopes: (url.searchParams.get("scope") ?? "").split(" "), account });
		},
		close: () => app.close(),
	};
}
