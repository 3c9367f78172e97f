import type { Hub } from "../../realtime/hub.js";

/**
 * The WebSocket API's server-pushed messages (spec: player_joined, progress_updated). They
 * are published on the school's topic; only sockets authorised for that school subscribe.
 */
export const schoolTopic = (schoolId: string): string => `classroom:school:${schoolId}`;

export type ClassroomEvent =
	| { type: "player_joined"; sessionId: string; player: { id: string; name: string } }
	| { type: "progress_updated"; sessionId: string; playerId: string; progress: number; score: number };

export async function publishEvent(hub: Hub, schoolId: string, event: ClassroomEvent): Promise<void> {
	await hub.publish(schoolTopic(schoolId), event);
}
