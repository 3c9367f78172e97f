import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Config } from "../../../config.js";
import { serviceUnavailable } from "../../../http/errors.js";
import { currentWorkspace } from "../auth/workspaceAuth.js";
import type { BotDeps } from "../deps.js";
import { errorResponses, Success, success } from "../envelope.js";
import { authorizeUrl, robloxAccountFor, type OAuthClient } from "../roblox/oauth.js";
import { claimSession, startSession, writeLink } from "./sessions.js";
import { SessionData, StartSessionBody, VerifyQuery } from "./schema.js";

/**
 * POST /verification-sessions (workspace key): what the Discord bot's /verify command calls to
 * start a link for a Discord user; it hands the user `authorizeUrl`.
 */
export const verificationSessionRoutes: FastifyPluginAsyncTypebox<{ deps: BotDeps }> = async (app, { deps }) => {
	const { config, database, clock } = app.core;
	app.post(
		"/verification-sessions",
		{
			config: { rateLimit: false },
			schema: {
				tags: ["bot"],
				summary: "Start a Discord <-> Roblox verification (called by the bot's /verify command)",
				security: [{ apiKey: [] }],
				body: StartSessionBody,
				response: { 201: Success(SessionData), ...errorResponses(400, 401, 403, 429, 503) },
			},
		},
		async (request, reply) => {
			const client = oauthClient(config);
			const workspace = currentWorkspace(request);
			const session = await startSession(database.db, workspace.id, request.body.discordUserId, clock());
			reply.code(201);
			return success({
				state: session.sessionToken,
				expiresAt: session.expiresAt.toISOString(),
				authorizeUrl: authorizeUrl(client, session.sessionToken, session.codeChallenge),
			});
		},
	);
};

/**
 * GET /verify: where Roblox sends the browser back. Always a 302: `/?verification=success`
 * once the link is written, `/?verification=failed` for anything else (unknown, used or
 * expired state, refused consent, a bad code, Roblox down).
 */
export const verifyRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const { config, database, clock } = app.core;
	app.get(
		"/verify",
		{
			schema: {
				tags: ["bot"],
				summary: "Roblox OAuth redirect target (browser-only)",
				querystring: VerifyQuery,
				response: { 302: { type: "null", description: "Location: /?verification=success or /?verification=failed" } },
			},
		},
		async (request, reply) => {
			const { state, code, error } = request.query;
			let outcome = "failed";
			try {
				if (!error && state && /^[0-9a-f]{24}$/.test(state) && code) {
					const session = await claimSession(database.db, state, clock());
					if (session) {
						const account = await robloxAccountFor(oauthClient(config), code, session.codeVerifier);
						await writeLink(database.db, { discordUserId: session.discordUserId, workspaceId: session.workspaceId, ...account }, clock());
						outcome = "success";
					}
				}
			} catch (err) {
				request.log.warn({ err }, "verification failed");
			}
			return reply.redirect(`/?verification=${outcome}`, 302);
		},
	);
};

function oauthClient(config: Config): OAuthClient {
	if (!config.ROBLOX_OAUTH_CLIENT_ID || !config.ROBLOX_OAUTH_CLIENT_SECRET) throw serviceUnavailable("Roblox OAuth is not configured");
	return {
		baseUrl: config.ROBLOX_OAUTH_BASE_URL,
		clientId: config.ROBLOX_OAUTH_CLIENT_ID,
		clientSecret: config.ROBLOX_OAUTH_CLIENT_SECRET,
		redirectUri: config.BOT_VERIFY_REDIRECT_URI ?? `${config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`}/bot/verify`,
		timeoutMs: config.ROBLOX_HTTP_TIMEOUT_MS,
	};
}
