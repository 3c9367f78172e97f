import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Value } from "@sinclair/typebox/value";
import { AppError } from "../../../http/errors.js";
import { guardSocket } from "../../../realtime/socketAuthority.js";
import { createContentStore, generateLesson, LessonRequestSchema, llmFromConfig, newContentId } from "../../content/index.js";
import { actorLabel, guardedCaller, resolveCaller, type Caller } from "../caller.js";
import { schoolTopic } from "../events.js";

/**
 * `GET /v2/roblox/ws`. The first message must be `{type:"auth", token, clientType}` (a teacher's
 * access token or a place key); until then the socket hears nothing, and it is closed after
 * AUTH_TIMEOUT_MS without one. Once authorised it receives its school's `player_joined` and
 * `progress_updated`, and may send `generate_content` (answered on the same socket with
 * `generation_progress` messages and one `generation_complete`). Problems are reported as
 * `{type:"error", code, message, requestId?}` and never close an authorised socket, except when
 * its credential lapses: 4401 once a teacher's token expires, 4403 once the teacher (or the
 * place key's minting user) is disabled, demoted or deleted, or the place key is revoked.
 */
export const AUTH_TIMEOUT_MS = 10_000;

export const wsRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const llm = llmFromConfig(app.core.config);

	app.get("/ws", { websocket: true, schema: { tags: ["classroom"], summary: "Classroom WebSocket (auth, generate_content, player_joined, progress_updated)" } }, (socket, request) => {
		let caller: Caller | undefined;
		let unsubscribe: (() => void) | undefined;
		let unguard: (() => void) | undefined;
		const send = (message: unknown) => {
			if (socket.readyState === 1) socket.send(JSON.stringify(message));
		};
		const timer = setTimeout(() => {
			if (!caller) socket.close(4001, "auth required");
		}, AUTH_TIMEOUT_MS);
		timer.unref();

		socket.on("message", async (raw: unknown) => {
			let message: Record<string, unknown>;
			try {
				message = JSON.parse(String(raw));
				if (typeof message !== "object" || message === null || Array.isArray(message)) throw new Error();
			} catch {
				return send({ type: "error", code: "INVALID_REQUEST", message: "Messages must be JSON objects" });
			}
			try {
				if (message.type === "auth") {
					if (typeof message.token !== "string" || !message.token) throw new AppError(400, "INVALID_REQUEST", "auth needs a token", { field: "token" });
					const user = await app.core.tokens.verifyAccess(message.token);
					const resolved = await guardedCaller(app.core, request.ip, app.core.database.db, message.token, user);
					if (!caller) {
						caller = resolved;
						unsubscribe = app.core.hub.subscribe(schoolTopic(caller.schoolId), send);
						unguard = guardCaller(caller, message.token, (code, reason) => socket.close(code, reason));
					}
					return send({ type: "auth", status: "authenticated", clientType: typeof message.clientType === "string" ? message.clientType : "plugin", schoolId: caller.schoolId });
				}
				if (!caller) throw new AppError(401, "UNAUTHORIZED", "Send an auth message first");
				if (message.type === "generate_content") return await generate(socket, caller, message);
				throw new AppError(400, "INVALID_REQUEST", `Unknown message type ${JSON.stringify(message.type)}`, { field: "type" });
			} catch (error) {
				const e = error instanceof AppError ? error : new AppError(500, "INTERNAL_ERROR", "An unexpected error occurred");
				if (!(error instanceof AppError)) request.log.error({ err: error }, "ws message failed");
				send({ type: "error", code: e.code === "VALIDATION_ERROR" ? "INVALID_REQUEST" : e.code, message: e.message, details: e.details, requestId: message.requestId });
			}
		});
		socket.on("close", () => {
			clearTimeout(timer);
			unsubscribe?.();
			unguard?.();
		});
	});

	function guardCaller(caller: Caller, token: string, close: (code: number, reason: string) => void): () => void {
		const { tokens, authEpochs, database } = app.core;
		if (caller.kind === "user") {
			const principal = caller.principal;
			return guardSocket(authEpochs, { userId: principal.id, expiresAt: principal.expiresAt, stillValid: () => tokens.stillValid(principal), close });
		}
		const stillValid = () => resolveCaller(database.db, token, undefined).then(() => true, () => false);
		return guardSocket(authEpochs, { userId: caller.ownerId, stillValid, close });
	}

	async function generate(socket: { readyState: number; send(data: string): void }, caller: Caller, message: Record<string, unknown>) {
		const requestId = typeof message.requestId === "string" ? message.requestId : undefined;
		const send = (m: unknown) => socket.readyState === 1 && socket.send(JSON.stringify(m));
		if (!Value.Check(LessonRequestSchema, message.data)) {
			const first = [...Value.Errors(LessonRequestSchema, message.data)][0];
			const field = first?.path.replace(/^\//, "").replace(/\//g, ".") || "data";
			throw new AppError(400, "INVALID_REQUEST", `data.${field} ${first?.message ?? "is invalid"}`, { field });
		}
		const progress = (value: number, stage: string, text: string) => send({ type: "generation_progress", requestId, progress: value, stage, message: text });
		progress(10, "validating_request", "Checking the lesson request...");
		progress(40, "generating_quiz", "Writing quiz questions...");
		const seed = Math.floor(Math.random() * 2 ** 31);
		const content = await generateLesson(message.data, { seed, llm });
		progress(70, "building_environment", "Placing the classroom and quiz boards...");
		progress(90, "saving_content", "Saving the lesson...");
		const stored = await createContentStore(app.core.database.db).save({ id: newContentId(), schoolId: caller.schoolId, request: message.data, content, seed, createdBy: actorLabel(caller) });
		send({ type: "generation_complete", requestId, contentId: stored.id, content });
	}
};
