import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { classes, enrollments, guardianships } from "../../../db/tables.js";
import type { Principal } from "../../../http/tokens.js";
import { can } from "../roles/permissions.js";
import { topics } from "./topics.js";

export const STREAMS = ["notifications", "progress", "analytics"] as const;
export type Stream = (typeof STREAMS)[number];

/** A hub topic a socket hears, with an optional per-event check (false: the event is not sent). */
export interface Subscription {
	topic: string;
	accept?: (event: unknown) => Promise<boolean>;
}

/** How long a teacher's roster is reused before it is read again (enrolments change rarely). */
const ROSTER_TTL_MS = 2000;

/**
 * What a principal may hear on a stream, scoped like the REST routes. Notifications: only their
 * own. Progress: students their own, parents their linked students', teachers only the students
 * of the classes they teach (the school's topic, filtered per event as GET /v2/progress filters
 * rows), admins their school's, admins without a school the platform's. Analytics: staff only.
 */
export async function subscriptionsFor(db: Db, who: Principal, stream: Stream): Promise<Subscription[]> {
	switch (stream) {
		case "notifications":
			return [{ topic: topics.user(who.id) }];
		case "progress":
			if (who.role === "student") return [{ topic: topics.userProgress(who.id) }];
			if (who.role === "parent") {
				const children = await db.select({ id: guardianships.studentId }).from(guardianships).where(eq(guardianships.parentId, who.id));
				return children.map((c) => ({ topic: topics.userProgress(c.id) }));
			}
			if (who.role === "teacher") return who.schoolId ? [{ topic: topics.schoolProgress(who.schoolId), accept: teachesStudentOf(db, who.id, who.schoolId) }] : [];
			return who.schoolId ? [{ topic: topics.schoolProgress(who.schoolId) }] : [{ topic: topics.platformProgress }];
		case "analytics":
			if (!can(who.role, "analytics.read")) return [];
			if (who.schoolId) return [{ topic: topics.schoolAnalytics(who.schoolId) }];
			return who.role === "admin" ? [{ topic: topics.platformAnalytics }] : [];
	}
}

/** Accepts a progress event when its student is enrolled in a class the teacher teaches. */
function teachesStudentOf(db: Db, teacherId: string, schoolId: string): (event: unknown) => Promise<boolean> {
	let roster: { ids: Set<string>; at: number } | undefined;
	return async (event) => {
		const studentId = (event as { data?: { user_id?: unknown } }).data?.user_id;
		if (typeof studentId !== "string") return false;
		if (!roster || performance.now() - roster.at > ROSTER_TTL_MS) {
			const rows = await db
				.select({ id: enrollments.userId })
				.from(enrollments)
				.innerJoin(classes, eq(classes.id, enrollments.classId))
				.where(and(eq(classes.teacherId, teacherId), eq(classes.schoolId, schoolId)));
			roster = { ids: new Set(rows.map((r) => r.id)), at: performance.now() };
		}
		return roster.ids.has(studentId);
	};
}
