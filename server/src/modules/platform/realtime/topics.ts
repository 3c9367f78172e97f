import type { Hub } from "../../../realtime/hub.js";

/**
 * Hub topic names for the platform's pushes. A topic names who may hear it; the WebSocket
 * routes subscribe a socket only to topics its principal is allowed (see realtime/subscriptions.ts).
 */
export const topics = {
	/** Notifications for one user. */
	user: (userId: string) => `user:${userId}`,
	/** Progress of one student (the student, their parents). */
	userProgress: (userId: string) => `user:${userId}:progress`,
	/** Progress of every student of a school (its teachers and admins). */
	schoolProgress: (schoolId: string) => `school:${schoolId}:progress`,
	/** Analytics-relevant writes in a school (teachers, admins). */
	schoolAnalytics: (schoolId: string) => `school:${schoolId}:analytics`,
	/** Platform-wide streams for admins without a school. */
	platformProgress: "platform:progress",
	platformAnalytics: "platform:analytics",
} as const;

/** What every pushed frame looks like. */
export interface PushEvent {
	type: string;
	data: unknown;
	timestamp: string;
}

export function publish(hub: Hub, topic: string, type: string, data: unknown): Promise<void> {
	const event: PushEvent = { type, data, timestamp: new Date().toISOString() };
	return hub.publish(topic, event).catch(() => {});
}

/** An analytics-relevant write happened in `schoolId` (counts changed): tell the dashboards. */
export async function publishAnalyticsEvent(hub: Hub, schoolId: string, kind: string, data: Record<string, unknown> = {}): Promise<void> {
	await Promise.all([
		publish(hub, topics.schoolAnalytics(schoolId), "analytics.updated", { kind, school_id: schoolId, ...data }),
		publish(hub, topics.platformAnalytics, "analytics.updated", { kind, school_id: schoolId, ...data }),
	]);
}
