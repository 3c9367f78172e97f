import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { LicensingContext } from "../context.js";
import { Success } from "../schema.js";
import { HeartbeatResponse, SessionBody, VerifyBody, VerifyHeaders, VerifyResponse } from "./schema.js";
import { end, heartbeat, verify } from "./service.js";

const DOC = { tags: ["licensing-game"] } as const;

/**
 * Game-facing routes, called by the place's LicenseService over HttpService. No owner key: the
 * licence key (verify) and the session id (heartbeat, end) are the credentials. Heartbeats skip
 * the hourly per-IP limit (many servers share Roblox egress IPs, and a session id is a 122-bit
 * secret); verify keeps a per-IP minute limit on top of the key-guessing throttle (guessThrottle.ts).
 */
export const gameRoutes: FastifyPluginAsyncTypebox<{ ctx: LicensingContext }> = async (app, { ctx }) => {
	app.post(
		"/game/verify",
		{
			config: { rateLimit: { max: 600, timeWindow: "1 minute" } },
			schema: {
				...DOC,
				summary: "Verify a game server and open its licence session",
				description: [
					"Counts an execution. Opens a heartbeat session when the script uses heartbeats (or requires sessions) and the body does not say `heartbeat: false`.",
					"Refusals: 404 NOT_FOUND (script), 403 SCRIPT_DISABLED, 401 KEY_REQUIRED, 401 INVALID_KEY, 403 KEY_BLACKLISTED (details.reason), 403 KEY_EXPIRED,",
					"403 KEY_NOT_FOR_PLACE (key bound to another creator), 403 OUTDATED (kick_outdated on and version older; details.required_version),",
					"403 SESSION_REQUIRED (require_sessions on and heartbeat: false), 429 RATE_LIMITED with Retry-After for an INVALID key once this IP has used its failed keys for this script, or the script its failed keys from all IPs, this minute (a valid key is never refused by these counters).",
					"The licence key may come in the `X-License-Key` header instead of the body (a Roblox Secret can only be used in a URL or a header); the header wins over the body `key`.",
				].join(" "),
				headers: VerifyHeaders,
				body: VerifyBody,
				response: { 200: VerifyResponse },
			},
		},
		async (request) => {
			const headerKey = request.headers["x-license-key"];
			return verify(ctx, request.ip, headerKey !== undefined ? { ...request.body, key: headerKey } : request.body);
		},
	);

	app.post(
		"/game/heartbeat",
		{
			// A line per heartbeat would be most of the log (every live game server, every 30 s).
			config: { rateLimit: false, accessLog: "failures" },
			schema: {
				...DOC,
				summary: "Keep a licence session alive",
				description: [
					"`status: ok` keeps the session alive. `status: terminate` ends it, with `reason`:",
					"`disabled` (script toggled off or removed), `key_revoked` (key blacklisted or deleted, or a keyless session after free_for_all was turned off),",
					"`expired` (key expired, or on a require_sessions script the session missed 3 intervals), `outdated` (kick_outdated and an older version than required_version),",
					"`disconnected` (owner disconnected it), `ended` (the server ended it). Once terminated, every later heartbeat repeats the answer; verify again to start over.",
					"404 NOT_FOUND: unknown session (verify again).",
				].join(" "),
				body: SessionBody,
				response: { 200: HeartbeatResponse },
			},
		},
		// Not async: a heartbeat answered from the cache is sent without a promise (service.ts).
		(request) => heartbeat(ctx, request.body.session_id),
	);

	app.post(
		"/game/end",
		{
			config: { rateLimit: false },
			schema: { ...DOC, summary: "End a licence session (server shutdown)", description: "Idempotent. 404 NOT_FOUND: unknown session.", body: SessionBody, response: { 200: Success } },
		},
		async (request) => {
			await end(ctx, request.body.session_id);
			return { success: true as const };
		},
	);
};
