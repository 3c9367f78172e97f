import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import { Agent, fetch } from "undici";
import { addressVerdict, type AddressPolicy } from "./addressPolicy.js";
import { DestinationRefusedError } from "./errors.js";

/** Resolves a host name to every address it has (the seam tests use to fake DNS). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

export interface OutboundOptions extends AddressPolicy {
	/** Whole-request budget: connect, headers and the (bounded) body. */
	timeoutMs?: number;
	/** Response bytes read at most; the rest is dropped unread. */
	maxResponseBytes?: number;
	resolve?: Resolve;
}

/** What a caller may record about an attempt: coarse on purpose, so a log is not a port scanner. */
export type OutboundOutcome =
	| { kind: "answered"; status: number }
	| { kind: "refused"; reason: DestinationRefusedError["reason"] }
	| { kind: "unreachable" };

/**
 * The one way the backend sends HTTP to a URL a user chose (webhooks). Guarantees:
 * - only http(s), no user:password@ in the URL;
 * - every address the host resolves to must pass addressPolicy.ts, checked when the URL is
 *   saved (`vet`) AND again inside the socket's DNS lookup at connect time, so a name that
 *   resolved to a public address when saved and to 127.0.0.1 later (DNS rebinding) is refused;
 *   IP literals (127.1, 2130706433, 0x7f000001, [::ffff:127.0.0.1] all normalise through the
 *   WHATWG URL parser) are judged before connecting, as no lookup happens for them;
 * - redirects are never followed (a 3xx is the receiver's answer, not a hop);
 * - bounded time (timeoutMs) and size (maxResponseBytes).
 * Operator-configured upstreams (Discord, Roblox, LLM base URLs) do not go through here.
 */
export class OutboundHttp {
	private readonly agent: Agent;
	private readonly resolve: Resolve;
	private readonly timeoutMs: number;
	private readonly maxResponseBytes: number;

	constructor(private readonly options: OutboundOptions) {
		this.resolve = options.resolve ?? systemResolve;
		this.timeoutMs = options.timeoutMs ?? 10_000;
		this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024;
		this.agent = new Agent({
			connect: { lookup: this.guardedLookup, timeout: this.timeoutMs },
			headersTimeout: this.timeoutMs,
			bodyTimeout: this.timeoutMs,
		});
	}

	/** Creation-time check; throws DestinationRefusedError with a stable reason. */
	async vet(rawUrl: string): Promise<void> {
		const hostname = this.checkUrl(rawUrl);
		if (isIP(hostname)) return;
		this.checkAll(hostname, await this.resolveOrRefuse(hostname));
	}

	/** POSTs `body`; never throws for network trouble, it reports a coarse outcome instead. */
	async post(rawUrl: string, headers: Record<string, string>, body: string): Promise<OutboundOutcome> {
		try {
			this.checkUrl(rawUrl);
			const response = await fetch(rawUrl, {
				method: "POST",
				headers,
				body,
				redirect: "manual",
				dispatcher: this.agent,
				signal: AbortSignal.timeout(this.timeoutMs),
			});
			await drain(response.body, this.maxResponseBytes);
			return { kind: "answered", status: response.status };
		} catch (error) {
			const refused = refusalIn(error);
			return refused ? { kind: "refused", reason: refused.reason } : { kind: "unreachable" };
		}
	}

	close(): Promise<void> {
		return this.agent.close();
	}

	/** Parses, checks scheme and credentials, judges IP literals; returns the bare hostname. */
	private checkUrl(rawUrl: string): string {
		let url: URL;
		try {
			url = new URL(rawUrl);
		} catch {
			throw new DestinationRefusedError("scheme", "The URL is not valid");
		}
		if (url.protocol !== "http:" && url.protocol !== "https:") throw new DestinationRefusedError("scheme", "Only http and https URLs are allowed");
		if (url.username || url.password) throw new DestinationRefusedError("credentials", "The URL must not carry a user name or password");
		const hostname = url.hostname.replace(/^\[|\]$/g, "");
		if (isIP(hostname)) this.checkAll(hostname, [{ address: hostname, family: isIP(hostname) }]);
		return hostname;
	}

	private checkAll(hostname: string, addresses: LookupAddress[]): void {
		if (addresses.length === 0) throw new DestinationRefusedError("unresolvable", `${hostname} does not resolve`);
		for (const { address } of addresses) {
			if (addressVerdict(address, this.options) !== "allowed") {
				throw new DestinationRefusedError("forbidden_address", `${hostname} points to an internal or reserved address`);
			}
		}
	}

	private async resolveOrRefuse(hostname: string): Promise<LookupAddress[]> {
		try {
			return await this.resolve(hostname);
		} catch {
			throw new DestinationRefusedError("unresolvable", `${hostname} does not resolve`);
		}
	}

	/** net.connect's `lookup` hook: every address is checked, then handed over in the shape asked for. */
	private readonly guardedLookup = (
		hostname: string,
		options: { all?: boolean },
		callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
	): void => {
		this.resolveOrRefuse(hostname)
			.then((addresses) => {
				this.checkAll(hostname, addresses);
				if (options.all) callback(null, addresses);
				else callback(null, addresses[0].address, addresses[0].family);
			})
			.catch((error: Error) => callback(error, ""));
	};
}

const systemResolve: Resolve = (hostname) =>
	new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

/** What drain reads of a body: Node's and the DOM's ReadableStream types differ, and both fit this. */
interface ByteStream {
	getReader(): { read(): Promise<{ done: boolean; value?: { byteLength: number } }>; cancel(): Promise<unknown> };
}

/** Reads at most `limit` bytes of a response body, then drops the rest unread. */
async function drain(body: ByteStream | null, limit: number): Promise<void> {
	if (!body) return;
	const reader = body.getReader();
	let read = 0;
	try {
		while (read <= limit) {
			const { done, value } = await reader.read();
			if (done) return;
			read += value?.byteLength ?? 0;
		}
	} finally {
		await reader.cancel().catch(() => undefined);
	}
}

/** undici wraps connect failures (`TypeError: fetch failed`, cause: ...): find ours in the chain. */
function refusalIn(error: unknown): DestinationRefusedError | undefined {
	for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
		if (e instanceof DestinationRefusedError) return e;
	}
	return undefined;
}
