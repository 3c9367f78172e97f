import type { FastifyBaseLogger } from "fastify";
import type Pusher from "pusher";
import type { Hub } from "../../../realtime/hub.js";
import { hubTopic, type RealtimeEvent } from "./channels.js";

export interface ChannelMessage {
	channel: string;
	event: RealtimeEvent;
	data: Record<string, unknown>;
}

/**
 * Where this API's realtime events go: always to the built-in hub (the /ws route listens there,
 * and with REDIS_URL every instance hears it), and to Pusher Channels when it is configured.
 * Events of one channel are sent one after another, in order. A Pusher failure never fails the
 * work that raised the event; it is logged and reported by /pusher/status.
 */
export class RealtimeEvents {
	lastPusherError: { at: string; message: string } | undefined;
	lastPusherSuccessAt: string | undefined;

	constructor(
		readonly pusher: Pusher | undefined,
		private readonly hub: Hub,
		private readonly log: FastifyBaseLogger,
	) {}

	async emit(channel: string, event: RealtimeEvent, data: Record<string, unknown>): Promise<void> {
		const message: ChannelMessage = { channel, event, data };
		await this.hub.publish(hubTopic(channel), message);
		if (!this.pusher) return;
		try {
			await this.pusher.trigger(channel, event, data);
			this.lastPusherSuccessAt = new Date().toISOString();
		} catch (error) {
			const e = error as Error & { status?: number };
			this.lastPusherError = { at: new Date().toISOString(), message: e.status ? `Pusher answered ${e.status}` : e.message };
			this.log.warn({ err: e, channel, event }, "pusher trigger failed");
		}
	}
}
