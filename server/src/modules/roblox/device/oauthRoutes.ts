import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import { installErrorHandler } from "../../../http/errorHandler.js";
import { AppError } from "../../../http/errors.js";
import { oauthErrorStyle } from "../../../http/errorStyles.js";
import { sha256Hex } from "../../../security/crypto.js";
import { RATE } from "../rateLimits.js";
import type { DeviceAuthorizationService } from "./service.js";

const ClientId = Type.String({ minLength: 1, maxLength: 100, description: "The public client's id: `classroom-studio-plugin`" });

// RFC 6749 §3.2: unknown request parameters are ignored, so the bodies stay open; each known one is bounded.
const DeviceAuthorizationBody = Type.Object({ client_id: ClientId, scope: Type.Optional(Type.String({ maxLength: 500, description: "Ignored: the plugin gets the approving teacher's access" })) });

const DeviceAuthorizationResponse = Type.Object({
	device_code: Type.String({ description: "Secret of the device: poll the token endpoint with it" }),
	user_code: Type.String({ description: "What the teacher enters at verification_uri, like BCDF-GHJK" }),
	verification_uri: Type.String(),
	verification_uri_complete: Type.String({ description: "verification_uri with the user code filled in" }),
	expires_in: Type.Integer({ description: "Seconds the codes live" }),
	interval: Type.Integer({ description: "Seconds to wait between polls" }),
});

const TokenBody = Type.Object({
	grant_type: Type.String({ minLength: 1, maxLength: 100, description: "`urn:ietf:params:oauth:grant-type:device_code` or `refresh_token`" }),
	device_code: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
	client_id: Type.Optional(ClientId),
	refresh_token: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
});

const TokenResponse = Type.Object({
	access_token: Type.String(),
	token_type: Type.Literal("Bearer"),
	expires_in: Type.Integer(),
	refresh_token: Type.String(),
});

const RevokeBody = Type.Object({
	token: Type.String({ minLength: 1, maxLength: 512 }),
	token_type_hint: Type.Optional(Type.String({ maxLength: 50 })),
	client_id: Type.Optional(ClientId),
});

export const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
const tags = ["roblox-oauth"];
const consumes = ["application/x-www-form-urlencoded", "application/json"];

/**
 * /oauth: the authorization server the Studio plugin signs in with (RFC 8628 device grant, RFC
 * 6749 refresh, RFC 7009 revocation). These routes speak OAuth to OAuth clients: form or JSON
 * bodies, `Cache-Control: no-store`, and errors in RFC 6749 §5.2 form (`{ error, error_description }`,
 * see http/errorStyles.ts oauthErrorStyle) rather than the v1 envelope.
 */
export const deviceOAuthRoutes = (deps: { devices: DeviceAuthorizationService; verificationUri: (request: FastifyRequest) => string }): FastifyPluginAsyncTypebox =>
	async (app) => {
		const { devices } = deps;
		installErrorHandler(app, oauthErrorStyle);
		app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) => {
			done(null, Object.fromEntries(new URLSearchParams(body as string)));
		});
		app.addHook("onSend", async (_request, reply) => {
			reply.header("cache-control", "no-store").header("pragma", "no-cache");
		});

		app.post(
			"/device_authorization",
			{
				config: RATE.authentication,
				schema: {
					tags,
					summary: "Device authorization request (RFC 8628 §3.1): the plugin gets a device code and a user code",
					description:
						"Show `user_code` and `verification_uri` (the teacher app's /device page) to the user, then poll POST /oauth/token every `interval` seconds until `expires_in` runs out. Errors (RFC 6749 §5.2 form, the OAuthError schema): invalid_client (401, unknown client_id), invalid_request (400), slow_down (429, the authentication rate category, with Retry-After).",
					consumes,
					body: DeviceAuthorizationBody,
					response: { 200: DeviceAuthorizationResponse },
				},
			},
			(request) => devices.start(request.body.client_id, deps.verificationUri(request)),
		);

		app.post(
			"/token",
			{
				// Each device code (or refresh token) pays for its own use, not everyone behind the
				// school's address; polling at the handed-out interval fits the authentication budget.
				config: { ...RATE.authentication, rateKey: async (request) => credentialKey(request.body) },
				schema: {
					tags,
					summary: "Token endpoint: redeem a device code (RFC 8628 §3.4) or refresh (RFC 6749 §6)",
					description: [
						`grant_type=${DEVICE_GRANT} with device_code and client_id; or grant_type=refresh_token with refresh_token (rotating: the old one stops working, and presenting a used one signs out its whole family).`,
						"Success: a platform token pair for the teacher who approved (the same tokens as the teacher app's sign-in; the access token is short-lived and stops at once when the teacher's authority changes).",
						"Errors, RFC 6749 §5.2 / RFC 8628 §3.5 form with HTTP 400: authorization_pending (keep polling); slow_down (polled sooner than `interval`: the interval grows by 5 s, and the body says the new `interval`); access_denied (the teacher denied, or the approving account was disabled, demoted or changed password since); expired_token (start again); invalid_grant (unknown device code, code already redeemed: device codes are single use, or a refresh token that is unknown, expired, revoked or reused); unsupported_grant_type; invalid_request; invalid_client (401). 429 slow_down when the authentication rate category is spent (Retry-After).",
					].join(" "),
					consumes,
					body: TokenBody,
					response: { 200: TokenResponse },
				},
			},
			async (request) => {
				const { grant_type, device_code, client_id, refresh_token } = request.body;
				if (grant_type === DEVICE_GRANT) {
					if (!client_id) throw invalidRequest("client_id is required");
					if (!device_code) throw invalidRequest("device_code is required");
					return devices.redeem(request, client_id, device_code);
				}
				if (grant_type === "refresh_token") {
					if (!refresh_token) throw invalidRequest("refresh_token is required");
					return devices.refresh(refresh_token);
				}
				throw new AppError(400, "unsupported_grant_type", `grant_type must be ${DEVICE_GRANT} or refresh_token`);
			},
		);

		app.post(
			"/revoke",
			{
				config: RATE.authentication,
				schema: {
					tags,
					summary: "Sign out: revoke a refresh token (RFC 7009)",
					description: "The refresh token and every token rotated from it stop working; access tokens already issued run out within their short lifetime. Unknown tokens answer 200 too (RFC 7009 §2.2). Also available as POST /v2/auth/logout.",
					consumes,
					body: RevokeBody,
					response: { 200: Type.Object({ revoked: Type.Literal(true) }) },
				},
			},
			async (request) => {
				await devices.revoke(request.body.token);
				return { revoked: true as const };
			},
		);
	};

const invalidRequest = (message: string) => new AppError(400, "invalid_request", message);

function credentialKey(body: unknown): string | undefined {
	const { device_code, refresh_token } = (body ?? {}) as { device_code?: unknown; refresh_token?: unknown };
	const credential = typeof device_code === "string" ? device_code : refresh_token;
	return typeof credential === "string" && credential.length > 0 && credential.length <= 512 ? `credential:${sha256Hex(credential).slice(0, 32)}` : undefined;
}
