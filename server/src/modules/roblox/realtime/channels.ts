/**
 * Channel names of this API. A conversation session has two channels: one for the dialogue
 * (stage changes) and one for its generations. Both are private (or presence) and only the
 * session's owner may subscribe.
 */
export type ChannelTopic = "conversation" | "generation";

const CHANNEL = /^(private|presence)-roblox-(conversation|generation)-(session_[0-9a-f]{24})$/;

export const conversationChannel = (sessionId: string) => `private-roblox-conversation-${sessionId}`;
export const generationChannel = (sessionId: string) => `private-roblox-generation-${sessionId}`;

export function parseChannel(name: string): { kind: "private" | "presence"; topic: ChannelTopic; sessionId: string } | undefined {
	const match = CHANNEL.exec(name);
	if (!match) return undefined;
	return { kind: match[1] as "private" | "presence", topic: match[2] as ChannelTopic, sessionId: match[3] };
}

/** The hub topic that carries a channel's events to WebSocket listeners. */
export const hubTopic = (channel: string) => `roblox:${channel.replace(/^presence-/, "private-")}`;

export const EVENTS = ["stage-changed", "generation-progress", "generation-complete", "error-occurred"] as const;
export type RealtimeEvent = (typeof EVENTS)[number];
