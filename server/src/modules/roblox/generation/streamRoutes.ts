import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { principal, requireUser } from "../../../http/authenticate.js";
import { RATE } from "../rateLimits.js";
import { ErrorResponse, security } from "../schema.js";
import { openGenerationStream, parseLastEventId, type StreamDeps } from "./eventStream.js";

/** /conversation/generations/{id}/events: a generation's progress as server-sent events. */
export const generationStreamRoutes = (deps: StreamDeps): FastifyPluginAsyncTypebox =>
	async (app) => {
		app.get(
			"/generations/:generation_id/events",
			{
				preHandler: requireUser(),
				config: RATE.analytics,
				// A HEAD would hold the connection as long as the stream runs, for no body.
				exposeHeadRoute: false,
				schema: {
					tags: ["roblox-conversation"],
					summary: "A generation's progress as server-sent events (text/event-stream)",
					description: [
						"For the generation's owner (anyone else: 404, as for an unknown id); bearer token in the Authorization header.",
						"Events, as on the generation's Pusher channel: `generation-progress` (data: generation_id, session_id, project_id, progress, stage, message), then one of `generation-complete` (content_id, files_generated, status) or `error-occurred` (error_code, error_message), after which the stream ends.",
						"Each event has an `id:` line: a progress event's percentage, 100 for the terminal event. Reconnect with `Last-Event-ID` to resume: what happened after that id is sent first from the stored status (such events carry `snapshot: true` and only the fields the status keeps), then live events. A finished generation answers its outcome at once.",
						`A comment line (\`: heartbeat\`) is sent every SSE_HEARTBEAT_SECONDS (default 15). The stream also ends with \`event: stream-end\` (data: reason token_expired | authority_changed | timeout, after 10 minutes): refresh the token if needed and reconnect with Last-Event-ID.`,
						"Fallback without streaming: poll GET /conversation/generations/{generation_id}.",
					].join(" "),
					security,
					params: Type.Object({ generation_id: Type.String({ pattern: "^gen_[0-9a-f]{24}$" }) }),
					headers: Type.Object({ "last-event-id": Type.Optional(Type.String({ maxLength: 20 })) }),
					produces: ["text/event-stream"],
					response: {
						200: { description: "The event stream", content: { "text/event-stream": { schema: Type.String({ description: "text/event-stream" }) } } },
						404: ErrorResponse,
					},
				},
			},
			async (request, reply) => {
				const stream = await openGenerationStream(deps, principal(request), request.params.generation_id, parseLastEventId(request.headers["last-event-id"]));
				return reply
					.header("content-type", "text/event-stream; charset=utf-8")
					.header("cache-control", "no-cache, no-transform")
					.header("x-accel-buffering", "no")
					.send(stream as never); // a stream is sent as is; the typed reply only knows the JSON bodies
			},
		);
	};
