import { Service } from "@flamework/core";
import { HttpService } from "@rbxts/services";
import { backoffDelay, MinuteWindow } from "shared/classroom/budget";
import { takeSlot } from "server/net/takeSlot";
import { ClassroomConfig } from "./ClassroomConfig";
import { HttpReply, HttpTransport } from "./HttpTransport";

export interface BackendResult<T = unknown> {
	ok: boolean;
	status: number;
	data?: T;
	/** The spec's error code when the backend answered with an error envelope. */
	code?: string;
	/** A success status whose body failed the caller's check: `data` is left out. */
	unexpected?: boolean;
	headers: Record<string, string>;
}

export interface BackendStats {
	sent: number;
	lastMinute: number;
	peakPerMinute: number;
	retries: number;
	rateLimited: number;
	failures: number;
	/** Success replies whose body was not what the route promises. */
	unexpected: number;
}

/**
 * Every call to the backend: place-key auth, a self-imposed ceiling on requests per minute (far
 * under HttpService's 500), and retries with exponential backoff on 429 and 5xx that honour
 * Retry-After. A POST that may be retried carries an `Idempotency-Key` (one GUID per call, the
 * same on every retry), so a retry after a timeout whose first attempt did land is answered with
 * the first response instead of writing twice; 409 IDEMPOTENCY_KEY_IN_USE (the first attempt is
 * still running on the backend) is retried like a 5xx. `request` yields, often for seconds: game code calls it from its own thread
 * (ReportBatcher, SessionService's background work), never on a player's action.
 *
 * `check` (see backendReplies) guards a success body: one that fails it is logged and counted,
 * and the result carries no `data`, so callers never use an unexpected value.
 */
@Service()
export class BackendClient {
	private readonly window: MinuteWindow;
	private readonly stats: BackendStats = { sent: 0, lastMinute: 0, peakPerMinute: 0, retries: 0, rateLimited: 0, failures: 0, unexpected: 0 };

	public constructor(
		private readonly transport: HttpTransport,
		private readonly config: ClassroomConfig,
	) {
		this.window = new MinuteWindow(config.settings.httpPerMinute);
	}

	public request<T = unknown>(
		method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
		path: string,
		body?: object,
		options: { attempts?: number; headers?: Record<string, string>; check?: (value: unknown) => value is T } = {},
	): BackendResult<T> {
		// With the placeholder URL there is nowhere to send it (ClassroomConfig said so once).
		if (!this.config.backendConfigured) return { ok: false, status: 0, headers: {} };
		const attempts = options.attempts ?? 4;
		const encoded = body !== undefined ? HttpService.JSONEncode(body) : undefined;
		const headers = method === "POST" && attempts > 1 ? withIdempotencyKey(options.headers) : options.headers;
		let reply: HttpReply = { ok: false, status: 0, headers: {}, body: "" };
		for (let attempt = 1; attempt <= attempts; attempt++) {
			this.waitForSlot();
			reply = this.transport.send({ url: this.config.settings.backendUrl + path, method, body: encoded, headers }, true);
			if (!retryable(reply) || attempt === attempts) break;
			if (reply.status === 429) this.stats.rateLimited += 1;
			this.stats.retries += 1;
			task.wait(backoffDelay(attempt, retryAfterOf(reply)));
		}
		if (!reply.ok) this.stats.failures += 1;
		const result = decode<T>(reply);
		if (options.check && result.ok && result.status !== 204 && result.status !== 304 && !options.check(result.data)) {
			this.stats.unexpected += 1;
			warn(`[BackendClient] unexpected reply to ${method} ${path} (${reply.status}): ${reply.body.sub(1, 120)}`);
			return { ...result, data: undefined, unexpected: true };
		}
		return result;
	}

	public snapshot(): BackendStats {
		return { ...this.stats, lastMinute: this.window.count(os.clock()) };
	}

	private waitForSlot(): void {
		takeSlot(this.window);
		this.stats.sent += 1;
		this.stats.peakPerMinute = math.max(this.stats.peakPerMinute, this.window.count(os.clock()));
	}
}

function retryable(reply: HttpReply): boolean {
	const status = reply.status;
	if (status === 409) return reply.body.find("IDEMPOTENCY_KEY_IN_USE", 1, true)[0] !== undefined;
	return status === 0 || status === 429 || status >= 500;
}

/** The caller's headers plus a fresh Idempotency-Key (unless the caller chose one). */
function withIdempotencyKey(headers: Record<string, string> | undefined): Record<string, string> {
	const merged: Record<string, string> = { ...(headers ?? {}) };
	if (merged["Idempotency-Key"] === undefined) merged["Idempotency-Key"] = HttpService.GenerateGUID(false);
	return merged;
}

function retryAfterOf(reply: HttpReply): number | undefined {
	const header = reply.headers["retry-after"];
	return header !== undefined ? tonumber(header) : undefined;
}

function decode<T>(reply: HttpReply): BackendResult<T> {
	let data: unknown;
	if (reply.body !== "" && reply.status !== 0) {
		const [ok, value] = pcall(() => HttpService.JSONDecode(reply.body));
		if (ok) data = value;
	}
	let code: string | undefined;
	if (!reply.ok && typeIs(data, "table")) {
		const err = (data as { error?: { code?: unknown } }).error;
		if (err && typeIs(err.code, "string")) code = err.code;
	}
	return { ok: reply.ok, status: reply.status, data: data as T, code, headers: reply.headers };
}
