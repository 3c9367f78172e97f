import type { Hub } from "../../realtime/hub.js";

/**
 * The WebSocket API's server-pushed messages (spec: player_joined, progress_updated). They
 * are published on the school's topic; only sockets authorised for that school subscribe.
 */
export const schoolTopic = (schoolId: string): string => `classroom:school:${schoolId}`;

export type ClassroomEvent =
	| { type: "player_joined"; sessionId: string; player: { id: string; name: string } }
	| { type: "progress_updated"; sessionId: string; playerId: string; progress: number; score: number }
	/** Answers were scored in a session (no player, option or correctness: the teacher app refetches its live view). */
	| { type: "answers_received"; sessionId: string };

export async function publishEvent(hub: Hub, schoolId: string, event: ClassroomEvent): Promise<void> {
	await hub.publish(schoolTopic(schoolId), event);
}

/** One `answers_received` per session that got answers in a request (a game server's batch is one event). */
export async function announceAnswers(hub: Hub, schoolId: string, sessionIds: string[]): Promise<void> {
	await Promise.all([...new Set(sessionIds)].map((sessionId) => publishEvent(hub, schoolId, { type: "answers_received", sessionId })));
}
