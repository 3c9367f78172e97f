import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { eq } from "drizzle-orm";
import type { Config } from "../../../config.js";
import { serviceUnavailable } from "../../../http/errors.js";
import { currentWorkspace } from "../auth/workspaceAuth.js";
import type { BotDeps } from "../deps.js";
import { errorResponses, Success, success } from "../envelope.js";
import { authorizeUrl, robloxAccountFor, type OAuthClient } from "../roblox/oauth.js";
import { botWorkspaces } from "../tables.js";
import { discordAuthorizeUrl, discordIdentityFor, type DiscordOAuthClient } from "./discordOAuth.js";
import { claimDiscordLeg, claimSession, passDiscordLeg, startSession, writeLink } from "./sessions.js";
import { SessionData, StartSessionBody, VerifyQuery } from "./schema.js";

/**
 * POST /verification-sessions (workspace key): what the Discord bot's /verify command calls to
 * start a link for a Discord user; it hands the user `authorizeUrl`, Discord's consent page.
 * A workspace key alone cannot link anyone: the Discord user must sign in to Discord as
 * themselves (and be a member of one of the workspace's guilds) before the Roblox leg opens.
 */
export const verificationSessionRoutes: FastifyPluginAsyncTypebox<{ deps: BotDeps }> = async (app) => {
	const { config, database, clock } = app.core;
	app.post(
		"/verification-sessions",
		{
			config: { rateLimit: false },
			schema: {
				tags: ["bot"],
				summary: "Start a Discord <-> Roblox verification (called by the bot's /verify command)",
				description:
					"`authorizeUrl` is Discord's OAuth2 consent page (`identify guilds`, PKCE S256). Discord returns the user to GET /bot/verify/discord, which checks they are `discordUserId` and a member of one of the workspace's guilds, then sends them to Roblox's consent page; GET /bot/verify writes the link for this workspace. `state` is the Discord leg's state.",
				security: [{ apiKey: [] }],
				body: StartSessionBody,
				response: { 201: Success(SessionData), ...errorResponses(400, 401, 403, 429, 503) },
			},
		},
		async (request, reply) => {
			const client = discordClient(config);
			oauthClient(config);
			const workspace = currentWorkspace(request);
			const session = await startSession(database.db, workspace.id, request.body.discordUserId, clock());
			reply.code(201);
			return success({
				state: session.discordState,
				expiresAt: session.expiresAt.toISOString(),
				authorizeUrl: discordAuthorizeUrl(client, session.discordState, session.codeChallenge),
			});
		},
	);
};

/**
 * The browser's two OAuth returns. Both always answer 302: to the next leg, to
 * `/?verification=success` once the link is written, or `/?verification=failed` for anything
 * else (unknown, used or expired state; refused consent; a bad code; another Discord account
 * than the one the bot named; not a member of the workspace's guilds; an upstream down).
 */
export const verifyRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const { config, database, clock } = app.core;
	const redirectResponse = { 302: { type: "null", description: "Location: the next consent page, /?verification=success or /?verification=failed" } } as const;

	app.get(
		"/verify/discord",
		{ schema: { tags: ["bot"], summary: "Discord OAuth redirect target, first leg (browser-only)", querystring: VerifyQuery, response: redirectResponse } },
		async (request, reply) => {
			const { state, code, error } = request.query;
			try {
				if (!error && state && /^[0-9a-f]{24}$/.test(state) && code) {
					const session = await claimDiscordLeg(database.db, state, clock());
					if (session && session.discordCodeVerifier) {
						const identity = await discordIdentityFor(discordClient(config), code, session.discordCodeVerifier);
						const [workspace] = await database.db.select({ guilds: botWorkspaces.discordGuildIds }).from(botWorkspaces).where(eq(botWorkspaces.id, session.workspaceId));
						const guildId = workspace?.guilds.find((id) => identity.guildIds.includes(id));
						if (identity.discordUserId === session.discordUserId && guildId) {
							const next = await passDiscordLeg(database.db, session.id, guildId, clock());
							return reply.redirect(authorizeUrl(oauthClient(config), next.state, next.codeChallenge), 302);
						}
						request.log.warn({ workspaceId: session.workspaceId, member: Boolean(guildId) }, "verification refused: Discord account or guild does not match");
					}
				}
			} catch (err) {
				request.log.warn({ err }, "verification failed");
			}
			return reply.redirect("/?verification=failed", 302);
		},
	);

	app.get(
		"/verify",
		{ schema: { tags: ["bot"], summary: "Roblox OAuth redirect target, second leg (browser-only)", querystring: VerifyQuery, response: redirectResponse } },
		async (request, reply) => {
			const { state, code, error } = request.query;
			let outcome = "failed";
			try {
				if (!error && state && /^[0-9a-f]{24}$/.test(state) && code) {
					const session = await claimSession(database.db, state, clock());
					if (session && session.guildId) {
						const account = await robloxAccountFor(oauthClient(config), code, session.codeVerifier);
						await writeLink(database.db, { discordUserId: session.discordUserId, workspaceId: session.workspaceId, guildId: session.guildId, ...account }, clock());
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
		redirectUri: config.BOT_VERIFY_REDIRECT_URI ?? `${publicBase(config)}/bot/verify`,
		timeoutMs: config.ROBLOX_HTTP_TIMEOUT_MS,
	};
}

function discordClient(config: Config): DiscordOAuthClient {
	if (!config.DISCORD_OAUTH_CLIENT_ID || !config.DISCORD_OAUTH_CLIENT_SECRET) throw serviceUnavailable("Discord OAuth is not configured");
	return {
		baseUrl: config.DISCORD_OAUTH_BASE_URL,
		clientId: config.DISCORD_OAUTH_CLIENT_ID,
		clientSecret: config.DISCORD_OAUTH_CLIENT_SECRET,
		redirectUri: config.BOT_DISCORD_REDIRECT_URI ?? `${publicBase(config)}/bot/verify/discord`,
		timeoutMs: config.ROBLOX_HTTP_TIMEOUT_MS,
	};
}

const publicBase = (config: Config) => config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`;
