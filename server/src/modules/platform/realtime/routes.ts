import type { WebSocket } from "@fastify/websocket";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import type { Principal } from "../../../http/tokens.js";
import { guardSocket } from "../../../realtime/socketAuthority.js";
import { can } from "../roles/permissions.js";
import { STREAMS, subscriptionsFor, type Stream } from "./subscriptions.js";

/**
 * Close codes: 4401 not authenticated (missing, bad or late token) or the token expired while
 * open; 4403 not allowed on this stream, or the user's authority changed while open (disabled,
 * demoted, deleted, password changed).
 */
export const WS_CLOSE = { unauthorized: 4401, forbidden: 4403 } as const;

const Query = Type.Object({ token: Type.Optional(Type.String({ maxLength: 4096 })) });
const ENDPOINTS: { path: string; streams: readonly Stream[]; summary: string }[] = [
	{ path: "/ws", streams: STREAMS, summary: "Every stream the caller may hear: notifications, progress, analytics" },
	{ path: "/ws/notifications", streams: ["notifications"], summary: "The caller's notifications as they are created" },
	{ path: "/ws/progress", streams: ["progress"], summary: "Live progress of the students the caller may follow" },
	{ path: "/ws/analytics", streams: ["analytics"], summary: "Analytics-relevant writes in the caller's school (staff)" },
];

/**
 * WebSocket endpoints. Authenticate with `?token=<access JWT>`, an Authorization header, or a
 * first frame `{"type":"auth","token":"..."}` within WS_AUTH_TIMEOUT_MS. Then the socket gets
 * `{"type":"ready","data":{"topics":[...]}}` and every hub event of those topics as
 * `{"type","data","timestamp"}`. `{"type":"ping"}` is answered with `{"type":"pong"}`.
 * Progress is scoped like GET /v2/progress: a teacher hears only their classes' students.
 */
export const realtimeRoutes: FastifyPluginAsyncTypebox = async (app) => {
	for (const endpoint of ENDPOINTS) {
		app.get(
			endpoint.path,
			{ websocket: true, schema: { tags: ["realtime"], summary: endpoint.summary, querystring: Query }, config: { rateLimit: false } },
			(socket, request) => handleSocket(app.core, socket, request, endpoint.streams, (request.query as { token?: string }).token),
		);
	}
};

type Core = Parameters<FastifyPluginAsyncTypebox>[0]["core"];

function handleSocket(core: Core, socket: WebSocket, request: FastifyRequest, streams: readonly Stream[], queryToken: string | undefined): void {
	const unsubscribers: (() => void)[] = [];
	// Frames leave one at a time, filtered events included, so they keep their publish order
	// (and a pong answers only after every event published before the ping).
	let delivery = Promise.resolve();
	let state: "waiting" | "authenticating" | "open" | "closed" = "waiting";
	const send = (frame: unknown) => {
		if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
	};
	const close = (code: number, reason: string) => {
		if (state === "closed") return;
		state = "closed";
		socket.close(code, reason);
	};
	const timer = setTimeout(() => {
		if (state !== "open") close(WS_CLOSE.unauthorized, "authentication timeout");
	}, core.config.WS_AUTH_TIMEOUT_MS);

	const closed = () => state === "closed";
	const start = async (principal: Principal | undefined) => {
		if (closed()) return;
		if (!principal) return close(WS_CLOSE.unauthorized, "invalid token");
		if (streams.length === 1 && streams[0] === "analytics" && !can(principal.role, "analytics.read")) return close(WS_CLOSE.forbidden, "analytics are for staff");
		const allowed = (await Promise.all(streams.map((s) => subscriptionsFor(core.database.db, principal, s)))).flat();
		if (closed()) return;
		clearTimeout(timer);
		state = "open";
		unsubscribers.push(guardSocket(core.authEpochs, { userId: principal.id, expiresAt: principal.expiresAt, stillValid: () => core.tokens.stillValid(principal), close }));
		for (const { topic, accept } of allowed) {
			const listener = accept
				? (event: unknown) => void (delivery = delivery.then(async () => {
						if (await accept(event).catch(() => false)) send(event);
					}))
				: (event: unknown) => void (delivery = delivery.then(() => send(event)));
			unsubscribers.push(core.hub.subscribe(topic, listener));
		}
		send({ type: "ready", data: { user_id: principal.id, topics: allowed.map((s) => s.topic) }, timestamp: new Date().toISOString() });
	};
	const authenticate = (token: string) => {
		state = "authenticating";
		core.tokens.verifyAccess(token).then(start, () => close(WS_CLOSE.unauthorized, "invalid token"));
	};

	// Listeners are attached before any await so no early frame is lost.
	socket.on("message", (raw: unknown) => {
		let frame: { type?: unknown; token?: unknown };
		try {
			frame = JSON.parse(String(raw));
		} catch {
			return send({ type: "error", data: { code: "VALIDATION_ERROR", message: "frames must be JSON" } });
		}
		if (state === "waiting") {
			if (frame.type === "auth" && typeof frame.token === "string") return authenticate(frame.token);
			return close(WS_CLOSE.unauthorized, "authenticate first");
		}
		if (state === "open" && frame.type === "ping") delivery = delivery.then(() => send({ type: "pong", timestamp: new Date().toISOString() }));
	});
	socket.on("close", () => {
		state = "closed";
		clearTimeout(timer);
		for (const off of unsubscribers.splice(0)) off();
	});
	socket.on("error", () => socket.terminate());

	if (queryToken) authenticate(queryToken);
	else if (request.user) void start(request.user);
}
