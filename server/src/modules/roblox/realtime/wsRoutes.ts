import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { Principal } from "../../../http/tokens.js";
import { guardSocket } from "../../../realtime/socketAuthority.js";
import { mayRead } from "./access.js";
import { hubTopic } from "./channels.js";
import type { SocketRegistry } from "./socketRegistry.js";

const MAX_SUBSCRIPTIONS = 20;
const AUTH_TIMEOUT_MS = 10_000;

/**
 * GET /ws: the built-in alternative to Pusher. Authenticate with `?token=<access JWT>` or a first
 * message `{"type":"auth","token":"…"}`; then `{"type":"subscribe","channel":"private-roblox-…"}`
 * (same channel names and rules as Pusher). Events arrive as
 * `{"type":"event","channel","event","data"}` in the order they were raised. The socket closes
 * with 4401 when its token expires and 4403 when its user's authority changes (disabled,
 * demoted, deleted, password changed).
 */
export const wsRoutes = (deps: { sockets: SocketRegistry }): FastifyPluginAsyncTypebox =>
	async (app) => {
		const { hub, tokens, database, authEpochs } = app.core;

		app.get(
			"/ws",
			{
				websocket: true,
				config: { rateLimit: false },
				schema: { tags: ["roblox-realtime"], summary: "WebSocket stream of conversation and generation events", querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 4096 })) }) },
			},
			(socket, request) => {
				let user: Principal | undefined;
				let unguard: (() => void) | undefined;
				const subscriptions = new Map<string, () => void>();
				const send = (message: unknown) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(message));
				const authTimer = setTimeout(() => !user && socket.close(4401, "authentication required"), AUTH_TIMEOUT_MS);
				// Messages are handled one at a time so a subscribe is answered before the next.
				let queue = Promise.resolve();

				const authenticate = async (token: string | undefined) => {
					user = token ? await tokens.verifyAccess(token) : undefined;
					if (!user) {
						send({ type: "error", code: "UNAUTHORIZED", message: "Invalid or expired token" });
						socket.close(4401, "unauthorized");
						return;
					}
					clearTimeout(authTimer);
					const principal = user;
					unguard?.();
					unguard = guardSocket(authEpochs, { userId: principal.id, expiresAt: principal.expiresAt, stillValid: () => tokens.stillValid(principal), close: (code, reason) => socket.close(code, reason) });
					send({ type: "authenticated", user_id: user.id });
				};

				const handle = async (raw: string) => {
					let message: { type?: unknown; token?: unknown; channel?: unknown };
					try {
						message = JSON.parse(raw);
					} catch {
						return send({ type: "error", code: "INVALID_REQUEST", message: "Messages are JSON" });
					}
					if (message.type === "auth") return authenticate(typeof message.token === "string" ? message.token : undefined);
					if (!user) return send({ type: "error", code: "UNAUTHORIZED", message: "Authenticate first" });
					const channel = typeof message.channel === "string" ? message.channel : "";
					if (message.type === "subscribe") {
						if (subscriptions.has(channel)) return send({ type: "subscribed", channel });
						if (subscriptions.size >= MAX_SUBSCRIPTIONS) return send({ type: "error", code: "INVALID_REQUEST", channel, message: "Too many subscriptions" });
						if (!(await mayRead(database.db, user, channel))) return send({ type: "error", code: "FORBIDDEN", channel, message: "You may not subscribe to this channel" });
						const off = hub.subscribe(hubTopic(channel), (event) => send({ type: "event", ...(event as object) }));
						deps.sockets.add(channel);
						subscriptions.set(channel, () => {
							off();
							deps.sockets.remove(channel);
						});
						return send({ type: "subscribed", channel });
					}
					if (message.type === "unsubscribe") {
						subscriptions.get(channel)?.();
						subscriptions.delete(channel);
						return send({ type: "unsubscribed", channel });
					}
					send({ type: "error", code: "INVALID_REQUEST", message: "Unknown message type" });
				};

				socket.on("message", (data: Buffer) => {
					queue = queue.then(() => handle(data.toString())).catch((error) => request.log.warn({ err: error }, "ws message failed"));
				});
				socket.on("close", () => {
					clearTimeout(authTimer);
					unguard?.();
					for (const off of subscriptions.values()) off();
					subscriptions.clear();
				});
				const query = request.query as { token?: string };
				if (query.token) queue = queue.then(() => authenticate(query.token));
			},
		);
	};
