/**
 * Real HTTP for HttpService: to loopback servers and to public hosts published in internet.ts.
 * The Luau thread that asked is parked; when the fetch settles, `pump` hands the result back
 * through `deliver` (a call into Luau, which is allowed here because it does not happen inside a
 * host function). Whether a live server may use localhost at all is decided in Luau (http.luau).
 */
import { route } from "./internet";

/**
 * At most this many connections at once per process: a burst of 500 requests (the Roblox
 * budget) opened as 500 simultaneous sockets overflows a loopback server's accept backlog on a
 * loaded machine. Requests past it wait their turn in JS; virtual time does not see the wait.
 */
const MAX_CONNECTIONS = 48;
let open = 0;
const queued: Array<() => void> = [];

async function withConnection<T>(work: () => Promise<T>): Promise<T> {
	if (open >= MAX_CONNECTIONS) await new Promise<void>((resolve) => queued.push(resolve));
	open++;
	try {
		return await work();
	} finally {
		open--;
		queued.shift()?.();
	}
}

export class HttpBridge {
	private readonly inFlight = new Map<number, Promise<void>>();
	private finished: Array<[number, string]> = [];
	private nextId = 0;

	constructor(private readonly deliver: (id: number, resultJson: string) => Promise<unknown>) {}

	get busy(): boolean {
		return this.inFlight.size > 0;
	}

	/** Host function: starts a request; returns its id, or an error message for Luau to raise. */
	start(specJson: string): number | string {
		const spec = JSON.parse(specJson) as { url: string; method: string; headers: Record<string, string>; body?: string };
		let url: URL;
		try {
			url = new URL(spec.url);
		} catch {
			return `Invalid URL: ${spec.url}`;
		}
		let target: ReturnType<typeof route>;
		try {
			target = route(url);
		} catch (err) {
			return (err as Error).message;
		}
		const id = ++this.nextId;
		if ("error" in target) {
			this.finished.push([id, JSON.stringify({ error: target.error })]);
			return id;
		}
		const loopback = target.url;
		const done = withConnection(async () => {
			const res = await fetch(loopback, { method: spec.method, headers: spec.headers, body: spec.body });
			const headers: Record<string, string> = {};
			res.headers.forEach((v, k) => (headers[k] = v));
			return { status: res.status, statusText: res.statusText, headers, body: await res.text() };
		})
			.catch((err: Error) => ({ error: `ConnectFail: ${err.message}` }))
			.then((result) => {
				this.finished.push([id, JSON.stringify(result)]);
				this.inFlight.delete(id);
			});
		this.inFlight.set(id, done);
		return id;
	}

	/** Waits for every request in flight, delivers the results; returns how many were delivered. */
	async pump(): Promise<number> {
		if (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
		const batch = this.finished.splice(0);
		for (const [id, result] of batch) await this.deliver(id, result);
		return batch.length;
	}
}
