import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { principal, requireUser } from "../../../http/authenticate.js";
import { RATE } from "../rateLimits.js";
import { ErrorResponse, security } from "../schema.js";
import type { OAuthService } from "./service.js";

const Nullable = <T extends import("@sinclair/typebox").TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const InitiateBody = Type.Object(
	{
		redirect_uri: Type.String({ pattern: "^https?://", maxLength: 2000 }),
		scopes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 30 })),
		state: Type.Optional(Type.String({ maxLength: 256 })),
	},
	{ additionalProperties: false },
);

const InitiateResponse = Type.Object({
	authorization_url: Type.String(),
	state: Type.String(),
	code_verifier: Type.Null({ description: "Always null: the PKCE verifier stays on this server, which performs the code exchange" }),
	expires_at: Type.String(),
});

const TokenResponse = Type.Object({
	access_token: Type.String(),
	token_type: Type.String(),
	expires_in: Type.Integer(),
	refresh_token: Nullable(Type.String()),
	scope: Type.String(),
	user_info: Type.Object({ user_id: Type.String(), username: Nullable(Type.String()), display_name: Nullable(Type.String()) }),
});

const tags = ["roblox-auth"];
const errors = { 400: ErrorResponse, 401: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse, 502: ErrorResponse, 503: ErrorResponse };

/** /auth: OAuth 2.0 + PKCE with Roblox. Error codes: see oauth/errors.ts (invalid_grant, invalid_scope, ...). */
export const oauthRoutes = (oauth: OAuthService): FastifyPluginAsyncTypebox =>
	async (app) => {
		app.post(
			"/initiate",
			{
				preHandler: requireUser(),
				config: RATE.authentication,
				schema: {
					tags,
					summary: "Start linking a Roblox account (OAuth 2.0 authorization code + PKCE S256)",
					description:
						"Returns the Roblox authorization URL. `state` is random (or your own value of 32-128 URL-safe characters), single use, valid 10 minutes and bound to you. Design choice: `code_verifier` is returned as null — the verifier is generated and kept (sealed) on the server, which performs the code exchange in the callback, so it never travels through the browser. Scopes default to openid profile; openid is required. Errors: invalid_scope, invalid_request (400), OAUTH_NOT_CONFIGURED (503).",
					security,
					body: InitiateBody,
					response: { 200: InitiateResponse, ...errors },
				},
			},
			(request) => oauth.initiate(principal(request), request.body),
		);

		app.get(
			"/callback",
			{
				// No bearer token here: the user who started the flow pays, not everyone behind the
				// school's address (ten teachers linking accounts would lock the school out).
				config: { ...RATE.authentication, rateKey: async (request) => oauth.ownerOfState((request.query as { state?: unknown }).state) },
				schema: {
					tags,
					summary: "Roblox redirects here: exchange the code, read userinfo, link the account",
					description:
						"No bearer token needed (the state identifies who initiated); if one is sent it must be the same user. Links Roblox `sub` to the user's roblox_user_id (409 CONFLICT if that Roblox account is linked to another user). Errors: invalid_grant with details.reason state_unknown | state_used | state_expired | state_not_yours | upstream; access_denied; invalid_client / temporarily_unavailable (502); RATE_LIMITED (429).",
					querystring: Type.Object({
						state: Type.String({ minLength: 1, maxLength: 256 }),
						code: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
						error: Type.Optional(Type.String({ maxLength: 100 })),
						error_description: Type.Optional(Type.String({ maxLength: 500 })),
					}),
					response: { 200: TokenResponse, ...errors },
				},
			},
			(request) => oauth.callback(request, request.query),
		);

		app.post(
			"/refresh",
			{
				preHandler: requireUser(),
				config: RATE.authentication,
				schema: {
					tags,
					summary: "Refresh your Roblox grant (rotating refresh tokens: the new one is stored every time)",
					description: "refresh_token is optional; when given it must be the current one (invalid_grant/stale_refresh_token otherwise).",
					security,
					body: Type.Object({ refresh_token: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })) }, { additionalProperties: false }),
					response: { 200: TokenResponse, ...errors },
				},
			},
			(request) => oauth.refresh(principal(request), request.body.refresh_token),
		);

		app.post(
			"/revoke",
			{
				preHandler: requireUser(),
				config: RATE.authentication,
				schema: {
					tags,
					summary: "Revoke your Roblox grant at Roblox and forget the stored tokens",
					description: "`token` must be your stored access or refresh token. The account link (roblox_user_id) stays; sends the auth.revoked webhook.",
					security,
					body: Type.Object(
						{ token: Type.String({ minLength: 1, maxLength: 4000 }), token_type_hint: Type.Optional(Type.Union([Type.Literal("access_token"), Type.Literal("refresh_token")])) },
						{ additionalProperties: false },
					),
					response: { 200: Type.Object({ revoked: Type.Boolean(), token_type_hint: Nullable(Type.String()) }), ...errors },
				},
			},
			(request) => oauth.revoke(request, principal(request), request.body.token, request.body.token_type_hint),
		);
	};
