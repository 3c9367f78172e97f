import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { eq } from "drizzle-orm";
import { principal, requireUser } from "../../../http/authenticate.js";
import { users } from "../../../db/tables.js";
import { forbidden, serviceUnavailable } from "../../../http/errors.js";
import { RATE } from "../rateLimits.js";
import { ErrorResponse, security } from "../schema.js";
import { mayRead } from "./access.js";
import { parseChannel } from "./channels.js";
import type { RealtimeEvents } from "./events.js";
import type { SocketRegistry } from "./socketRegistry.js";

const AuthBody = Type.Object(
	{
		socket_id: Type.String({ pattern: "^\\d{1,20}\\.\\d{1,20}$" }),
		channel_name: Type.String({ minLength: 1, maxLength: 200 }),
		user_data: Type.Optional(
			Type.Object({ user_id: Type.Optional(Type.String({ maxLength: 128 })), username: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
		),
	},
	{ additionalProperties: false },
);

const AuthResponse = Type.Object({ auth: Type.String(), channel_data: Type.Optional(Type.String()) });

const StatusResponse = Type.Object({
	connected: Type.Boolean(),
	channels_active: Type.Integer(),
	cluster: Type.Union([Type.String(), Type.Null()]),
	app_id: Type.Union([Type.String(), Type.Null()]),
	configured: Type.Boolean(),
	transport: Type.Union([Type.Literal("pusher"), Type.Literal("websocket")]),
	websocket_channels_active: Type.Integer(),
	last_error: Type.Union([Type.String(), Type.Null()]),
});

/** /pusher: channel authorization for pusher-js clients, and an honest status. */
export const pusherRoutes = (deps: { events: RealtimeEvents; sockets: SocketRegistry }): FastifyPluginAsyncTypebox =>
	async (app) => {
		const db = app.core.database.db;
		const { events, sockets } = deps;

		// pusher-js posts its auth request form-encoded by default.
		app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_request, body, done) => {
			done(null, Object.fromEntries(new URLSearchParams(body as string)));
		});

		app.post(
			"/auth",
			{
				preHandler: requireUser(),
				config: RATE.dataOperations,
				schema: {
					tags: ["roblox-realtime"],
					summary: "Sign a private or presence channel subscription (Pusher protocol)",
					description:
						"Only the caller's own session channels are signed: private-roblox-conversation-<session_id>, private-roblox-generation-<session_id> (or presence-…); anything else is 403. For presence channels the member's user_id is always the caller's platform user id (a client-supplied user_data.user_id is ignored); user_data.username becomes user_info.username. 503 when Pusher is not configured (listen on the /ws route instead).",
					security,
					body: AuthBody,
					response: { 200: AuthResponse, 403: ErrorResponse, 503: ErrorResponse },
				},
			},
			async (request) => {
				const pusher = events.pusher;
				if (!pusher) throw serviceUnavailable("Pusher is not configured; subscribe through the WebSocket route /api/v1/roblox/ws");
				const user = principal(request);
				const { socket_id, channel_name, user_data } = request.body;
				const parsed = parseChannel(channel_name);
				if (!parsed || !(await mayRead(db, user, channel_name))) throw forbidden("You may not subscribe to this channel");
				if (parsed.kind === "private") return pusher.authorizeChannel(socket_id, channel_name);
				const [row] = await db.select({ displayName: users.displayName }).from(users).where(eq(users.id, user.id));
				return pusher.authorizeChannel(socket_id, channel_name, { user_id: user.id, user_info: { username: user_data?.username ?? row?.displayName ?? user.id } });
			},
		);

		app.get(
			"/status",
			{
				preHandler: requireUser(),
				config: RATE.analytics,
				schema: {
					tags: ["roblox-realtime"],
					summary: "Pusher connectivity and active channels",
					description:
						"configured: whether PUSHER_APP_ID/KEY/SECRET are set. connected: Pusher answered a channels query just now (false when not configured). channels_active: occupied channels as Pusher reports them, or, without Pusher, channels with a live WebSocket listener here.",
					security,
					response: { 200: StatusResponse },
				},
			},
			async () => {
				const config = app.core.config;
				const websocketChannels = sockets.activeChannels();
				const pusher = events.pusher;
				if (!pusher) {
					return { connected: false, channels_active: websocketChannels, cluster: null, app_id: null, configured: false, transport: "websocket" as const, websocket_channels_active: websocketChannels, last_error: null };
				}
				let connected = false;
				let channels = 0;
				let lastError: string | null = events.lastPusherError?.message ?? null;
				try {
					const response = await pusher.get({ path: "/channels", params: { filter_by_prefix: "private-roblox-" } });
					const body = (await response.json()) as { channels?: Record<string, unknown> };
					channels = Object.keys(body.channels ?? {}).length;
					connected = true;
				} catch (error) {
					const e = error as Error & { status?: number };
					lastError = e.status ? `Pusher answered ${e.status}` : e.message;
				}
				return {
					connected,
					channels_active: channels,
					cluster: config.PUSHER_HOST ? null : config.PUSHER_CLUSTER,
					app_id: config.PUSHER_APP_ID ?? null,
					configured: true,
					transport: "pusher" as const,
					websocket_channels_active: websocketChannels,
					last_error: lastError,
				};
			},
		);
	};
