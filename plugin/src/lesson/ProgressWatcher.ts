import { HttpService, RunService } from "@rbxts/services";
import { Account } from "auth/Account";
import { Problem } from "net/problems";
import { ConversationApi } from "./conversationApi";
import { parseServerEvent } from "./sse";

export interface ProgressListener {
	progress: (percent: number, message: string | undefined, via: "stream" | "polling") => void;
	done: (contentId: string) => void;
	failed: (message: string) => void;
	problem: (problem: Problem) => void;
}

/** Roblox allows a Studio session six open web stream clients; the plugin never needs more than one each. */
const MAX_STREAMS = 6;
const POLL_SECONDS = 2;
let openStreams = 0;

/**
 * Follows a generation to its end: over server-sent events (HttpService:CreateWebStreamClient,
 * which works in Studio only) when it can open a stream, else, or when the stream fails or ends
 * early, by polling GET /conversation/generations/{id}. Reports each step once.
 */
export class ProgressWatcher {
	public constructor(
		private readonly api: ConversationApi,
		private readonly account: Account,
		private readonly baseUrl: () => string,
	) {}

	/** Returns a function that stops watching. */
	public watch(generationId: string, listener: ProgressListener): () => void {
		let finished = false;
		let polling = false;
		let client: WebStreamClient | undefined;
		const close = () => {
			if (client !== undefined) {
				const c = client;
				client = undefined;
				openStreams -= 1;
				pcall(() => c.Close());
			}
		};
		const finish = () => {
			finished = true;
			close();
		};
		const poll = () => {
			close();
			if (polling || finished) return;
			polling = true;
			task.spawn(() => this.pollUntilDone(generationId, listener, () => finished, finish));
		};
		client = this.openStream(generationId);
		if (client === undefined) {
			poll();
			return finish;
		}
		openStreams += 1;
		client.MessageReceived.Connect((message) => {
			if (finished) return;
			const { event, data } = parseServerEvent(message);
			const fields = (typeIs(data, "table") ? data : {}) as { progress?: unknown; message?: unknown; stage?: unknown; content_id?: unknown; error_message?: unknown };
			if (event === "generation-progress" && typeIs(fields.progress, "number")) {
				listener.progress(fields.progress, typeIs(fields.message, "string") ? fields.message : undefined, "stream");
			} else if (event === "generation-complete" && typeIs(fields.content_id, "string")) {
				finish();
				listener.done(fields.content_id);
			} else if (event === "error-occurred") {
				finish();
				listener.failed(typeIs(fields.error_message, "string") ? fields.error_message : "Generation failed.");
			} else if (event === "stream-end") {
				poll();
			}
		});
		client.Error.Connect(() => poll());
		client.Closed.Connect(() => poll());
		return finish;
	}

	private openStream(generationId: string): WebStreamClient | undefined {
		const token = this.account.token();
		if (!RunService.IsStudio() || token === undefined || openStreams >= MAX_STREAMS) return undefined;
		const [ok, client] = pcall(() =>
			HttpService.CreateWebStreamClient(Enum.WebStreamClientType.SSE, {
				Url: `${this.baseUrl()}/api/v1/roblox/conversation/generations/${generationId}/events`,
				Method: "GET",
				Headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream" },
			}),
		);
		return ok ? client : undefined;
	}

	private pollUntilDone(generationId: string, listener: ProgressListener, stopped: () => boolean, finish: () => void): void {
		let last = -1;
		while (!stopped()) {
			const status = this.api.status(generationId);
			if (stopped()) return;
			if (!status.ok) {
				listener.problem(status.problem);
				if (status.problem.kind === "expired") return finish();
				task.wait(status.problem.kind === "rateLimited" || status.problem.kind === "budget" ? status.problem.retryAfter : POLL_SECONDS * 2);
				continue;
			}
			const s = status.value;
			if (s.status === "completed" && s.contentId !== undefined) {
				finish();
				return listener.done(s.contentId);
			}
			if (s.status === "failed") {
				finish();
				return listener.failed(s.error ?? "Generation failed.");
			}
			if (s.progress !== last) {
				last = s.progress;
				listener.progress(s.progress, undefined, "polling");
			}
			task.wait(POLL_SECONDS);
		}
	}
}
