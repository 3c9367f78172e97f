import { EventEmitter } from "node:events";
import { Redis } from "ioredis";

/**
 * Topic-based fan-out for WebSocket pushes and module events. Topics name who may hear them
 * (`user:<id>`, `school:<id>`, `session:<id>`); a socket subscribes only to topics its
 * credentials allow. Embedded: in-process. With REDIS_URL: every instance publishes through
 * Redis, so a socket on instance B hears an event raised on instance A.
 */
export interface Hub {
	publish(topic: string, message: unknown): Promise<void>;
	subscribe(topic: string, listener: (message: unknown) => void): () => void;
	/** Number of topics with at least one local listener. */
	activeTopics(): number;
	/** Resolves once every subscription made so far is live (with Redis: confirmed by the server). */
	ready(): Promise<void>;
	close(): Promise<void>;
}

export function createHub(redisUrl?: string, keyPrefix = ""): Hub {
	return redisUrl ? new RedisHub(redisUrl, keyPrefix + CHANNEL_PREFIX) : new MemoryHub();
}

class MemoryHub implements Hub {
	protected readonly local = new EventEmitter().setMaxListeners(0);

	async publish(topic: string, message: unknown): Promise<void> {
		this.local.emit(topic, message);
	}

	subscribe(topic: string, listener: (message: unknown) => void): () => void {
		this.local.on(topic, listener);
		return () => this.local.off(topic, listener);
	}

	activeTopics(): number {
		return this.local.eventNames().length;
	}

	async ready(): Promise<void> {}

	async close(): Promise<void> {
		this.local.removeAllListeners();
	}
}

const CHANNEL_PREFIX = "classroom:hub:";

class RedisHub extends MemoryHub {
	private readonly pub: Redis;
	private readonly sub: Redis;

	constructor(
		url: string,
		private readonly channelPrefix: string,
	) {
		super();
		// The publisher fails fast (no offline queue, 250 ms timeout) so a Redis outage never holds a
		// request; the subscriber keeps its queue so subscriptions are replayed on reconnect.
		this.pub = new Redis(url, { lazyConnect: false, enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 250 });
		this.sub = new Redis(url, { lazyConnect: false });
		// Outages are reported by the shared connection (health route); these stay quiet.
		this.pub.on("error", () => undefined);
		this.sub.on("error", () => undefined);
		this.sub.on("message", (channel: string, raw: string) => {
			this.local.emit(channel.slice(this.channelPrefix.length), JSON.parse(raw));
		});
	}

	/** While Redis is down, this process's own subscribers still hear the message. */
	override async publish(topic: string, message: unknown): Promise<void> {
		try {
			await this.pub.publish(this.channelPrefix + topic, JSON.stringify(message));
		} catch {
			this.local.emit(topic, message);
		}
	}

	override subscribe(topic: string, listener: (message: unknown) => void): () => void {
		if (this.local.listenerCount(topic) === 0) void this.sub.subscribe(this.channelPrefix + topic);
		const off = super.subscribe(topic, listener);
		return () => {
			off();
			if (this.local.listenerCount(topic) === 0) void this.sub.unsubscribe(this.channelPrefix + topic);
		};
	}

	// Commands on one connection are answered in order, so a PING answered means every
	// SUBSCRIBE sent before it is in effect.
	override async ready(): Promise<void> {
		await this.sub.ping();
	}

	override async close(): Promise<void> {
		await super.close();
		this.pub.disconnect();
		this.sub.disconnect();
	}
}
