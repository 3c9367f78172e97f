import { PassThrough, type Readable } from "node:stream";
import type { AuthEpochs } from "../../../http/authEpochs.js";
import type { Principal, TokenService } from "../../../http/tokens.js";
import type { Hub } from "../../../realtime/hub.js";
import { guardSocket } from "../../../realtime/socketAuthority.js";
import { generationChannel, hubTopic, type RealtimeEvent } from "../realtime/channels.js";
import type { ChannelMessage } from "../realtime/events.js";
import type { GenerationService } from "./service.js";

/** Terminal events carry this id; progress events carry their percentage (10, 40, 70, 90). */
export const TERMINAL_EVENT_ID = 100;
/** A stream lives at most this long; the client reconnects with Last-Event-ID and loses nothing. */
const MAX_STREAM_MS = 10 * 60 * 1000;
/** Tells EventSource-style clients how soon to reconnect after a drop. */
const RETRY_MS = 3000;

export interface StreamDeps {
	hub: Hub;
	generations: GenerationService;
	tokens: TokenService;
	epochs: AuthEpochs;
	heartbeatMs: number;
}

/**
 * One generation's progress as server-sent events, for its owner. The events are the ones the
 * generation publishes on its realtime channel (generation-progress, then generation-complete
 * or error-occurred), filtered to this generation. Event ids are monotone: a progress event's id
 * is its percentage and a terminal event's is 100, so resuming needs no event log: on connect
 * the stream subscribes first, then sends what the stored status says happened after
 * Last-Event-ID (progress so far, or the outcome), then the live events it has not covered. The
 * stream ends after the terminal event; it also ends (with a `stream-end` event naming the
 * reason) when the token expires, the user's authority changes, or after ten minutes. A comment
 * line goes out every heartbeat so proxies and Studio keep the connection.
 */
export async function openGenerationStream(deps: StreamDeps, user: Principal, generationId: string, lastEventId: number): Promise<Readable> {
	const status = await deps.generations.status(user, generationId);
	const out = new PassThrough();
	let lastSent = lastEventId;
	let buffered: ChannelMessage[] | undefined = [];
	let finished = false;

	const write = (text: string) => {
		if (!finished) out.write(text);
	};
	const finish = () => {
		if (finished) return;
		finished = true;
		off();
		clearInterval(heartbeat);
		clearTimeout(lifetime);
		unguard();
		out.end();
	};
	const send = (event: RealtimeEvent, data: Record<string, unknown>) => {
		const id = eventIdOf(event, data);
		if (id <= lastSent && id !== TERMINAL_EVENT_ID) return;
		lastSent = id;
		write(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
		if (id === TERMINAL_EVENT_ID) finish();
	};
	const endWith = (reason: string) => {
		write(`event: stream-end\ndata: ${JSON.stringify({ reason })}\n\n`);
		finish();
	};

	const off = deps.hub.subscribe(hubTopic(generationChannel(status.session_id)), (message) => {
		const event = message as ChannelMessage;
		if (event.data?.generation_id !== generationId) return;
		if (buffered) buffered.push(event);
		else send(event.event, event.data);
	});
	const heartbeat = setInterval(() => write(": heartbeat\n\n"), deps.heartbeatMs);
	heartbeat.unref();
	const lifetime = setTimeout(() => endWith("timeout"), MAX_STREAM_MS);
	lifetime.unref();
	const unguard = guardSocket(deps.epochs, {
		userId: user.id,
		expiresAt: user.expiresAt,
		stillValid: () => deps.tokens.stillValid(user),
		close: (code) => endWith(code === 4401 ? "token_expired" : "authority_changed"),
	});
	out.on("close", finish);

	write(`retry: ${RETRY_MS}\n: generation ${generationId}\n\n`);
	try {
		await deps.hub.ready();
		// Read after subscribing: whatever happens from here on is either in this snapshot or heard live.
		const now = await deps.generations.status(user, generationId);
		for (const [event, data] of snapshotEvents(now, lastSent)) send(event, data);
		const pending = buffered;
		buffered = undefined;
		for (const event of pending) send(event.event, event.data);
	} catch (error) {
		finish();
		throw error;
	}
	return out;
}

/** The Last-Event-ID a client sent, or 0: ids are 0-100, anything else counts as none. */
export function parseLastEventId(header: string | undefined): number {
	const id = Number(header);
	return Number.isInteger(id) && id >= 0 && id <= TERMINAL_EVENT_ID ? id : 0;
}

type Status = Awaited<ReturnType<GenerationService["status"]>>;

function snapshotEvents(status: Status, after: number): [RealtimeEvent, Record<string, unknown>][] {
	const base = { generation_id: status.generation_id, session_id: status.session_id, project_id: status.project_id };
	if (status.status === "completed") return [["generation-complete", { ...base, content_id: status.content_id, status: "success", snapshot: true }]];
	if (status.status === "failed") {
		const [code, ...rest] = (status.error ?? "GENERATION_FAILED: Generation failed").split(": ");
		return [["error-occurred", { ...base, error_code: code, error_message: rest.join(": ") || code, snapshot: true }]];
	}
	return status.progress > after ? [["generation-progress", { ...base, progress: status.progress, snapshot: true }]] : [];
}

function eventIdOf(event: RealtimeEvent, data: Record<string, unknown>): number {
	if (event === "generation-progress") return Math.min(99, Math.max(0, Math.round(Number(data.progress) || 0)));
	return TERMINAL_EVENT_ID;
}
