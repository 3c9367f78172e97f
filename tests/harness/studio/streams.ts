/**
 * HttpService:CreateWebStreamClient's connections, on the JS side: a real streaming fetch (to
 * loopback only, like HttpBridge). Events are queued as they arrive and handed to Luau by
 * `pump` (through the boot API: a host function cannot call into Luau). For SSE, each event
 * block is one message in the event stream format; comment lines (`: heartbeat`) and blocks
 * holding only `retry:` are the transport's business and are not delivered.
 */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

type StreamEvent = [id: number, kind: "opened" | "message" | "error" | "closed", a?: string | number, b?: string];

export class StreamBridge {
	/** Every stream opened, and the messages it delivered (for tests to see what came over SSE). */
	readonly log: Array<{ url: string; messages: string[] }> = [];
	private readonly open = new Map<number, AbortController>();
	private queue: StreamEvent[] = [];
	private nextId = 0;

	constructor(private readonly deliver: (...event: StreamEvent) => Promise<unknown>) {}

	get active(): number {
		return this.open.size;
	}

	get pending(): number {
		return this.queue.length;
	}

	/** Host function: opens a stream; returns its id, or an error message for Luau to raise. */
	start(specJson: string): number | string {
		const spec = JSON.parse(specJson) as { url: string; method: string; headers: Record<string, string> | unknown[]; body?: string; sse: boolean };
		let url: URL;
		try {
			url = new URL(spec.url);
		} catch {
			return `Invalid URL: ${spec.url}`;
		}
		if (!LOOPBACK.has(url.hostname)) return `HttpService in the harness only reaches loopback; refused ${url.origin}`;
		const id = ++this.nextId;
		this.log[id - 1] = { url: spec.url, messages: [] };
		const abort = new AbortController();
		this.open.set(id, abort);
		const headers = Array.isArray(spec.headers) ? {} : spec.headers;
		void this.run(id, url, { method: spec.method, headers, body: spec.body, signal: abort.signal }, spec.sse);
		return id;
	}

	/** Host function: WebStreamClient:Close(). */
	close(id: number): void {
		this.open.get(id)?.abort();
		this.open.delete(id);
		this.queue = this.queue.filter(([streamId]) => streamId !== id);
	}

	/** Delivers what arrived; returns how many events were delivered. */
	async pump(): Promise<number> {
		const batch = this.queue.splice(0);
		for (const event of batch) await this.deliver(...event);
		return batch.length;
	}

	closeAll(): void {
		for (const id of [...this.open.keys()]) this.close(id);
	}

	private push(event: StreamEvent): void {
		if (!this.open.has(event[0])) return;
		this.queue.push(event);
		if (event[1] === "message") this.log[event[0] - 1].messages.push(String(event[2]));
		if (event[1] === "error" || event[1] === "closed") this.open.delete(event[0]);
	}

	private async run(id: number, url: URL, init: RequestInit, sse: boolean): Promise<void> {
		try {
			const res = await fetch(url, init);
			const headers: Record<string, string> = {};
			res.headers.forEach((v, k) => (headers[k] = v));
			if (!res.ok) {
				this.push([id, "error", res.status, `HTTP ${res.status} (${res.statusText})`]);
				await res.body?.cancel();
				return;
			}
			if (sse && !(res.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
				this.push([id, "error", res.status, "SSE requires a text/event-stream Content-Type"]);
				await res.body?.cancel();
				return;
			}
			this.push([id, "opened", res.status, JSON.stringify(headers)]);
			const decoder = new TextDecoder();
			let buffer = "";
			for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
				buffer += decoder.decode(chunk, { stream: true });
				if (!sse) {
					this.push([id, "message", buffer]);
					buffer = "";
					continue;
				}
				const blocks = buffer.split(/\r?\n\r?\n/);
				buffer = blocks.pop() ?? "";
				for (const block of blocks) {
					const lines = block.split(/\r?\n/).filter((line) => line !== "" && !line.startsWith(":") && !line.startsWith("retry:"));
					if (lines.length > 0) this.push([id, "message", lines.join("\n")]);
				}
			}
			this.push([id, "closed"]);
		} catch (error) {
			if (!init.signal?.aborted) this.push([id, "error", 0, `ConnectFail: ${(error as Error).message}`]);
		}
	}
}
