import { eq } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { guardianships } from "../../../db/tables.js";
import type { Principal } from "../../../http/tokens.js";
import { can } from "../roles/permissions.js";
import { topics } from "./topics.js";

export const STREAMS = ["notifications", "progress", "analytics"] as const;
export type Stream = (typeof STREAMS)[number];

/**
 * The hub topics a principal may hear on a stream. Notifications: only their own. Progress:
 * students their own, parents their linked students', teachers and school admins their
 * school's, admins without a school the platform's. Analytics: staff only (else none).
 */
export async function topicsFor(db: Db, who: Principal, stream: Stream): Promise<string[]> {
	switch (stream) {
		case "notifications":
			return [topics.user(who.id)];
		case "progress":
			if (who.role === "student") return [topics.userProgress(who.id)];
			if (who.role === "parent") {
				const children = await db.select({ id: guardianships.studentId }).from(guardianships).where(eq(guardianships.parentId, who.id));
				return children.map((c) => topics.userProgress(c.id));
			}
			return who.schoolId ? [topics.schoolProgress(who.schoolId)] : who.role === "admin" ? [topics.platformProgress] : [];
		case "analytics":
			if (!can(who.role, "analytics.read")) return [];
			return who.schoolId ? [topics.schoolAnalytics(who.schoolId)] : who.role === "admin" ? [topics.platformAnalytics] : [];
	}
}
