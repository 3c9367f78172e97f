import { and, count, eq, max, ne, sql } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { auditLog, classes, enrollments, guardianships } from "../../../db/tables.js";
import type { Principal } from "../../../http/tokens.js";
import { readableUser } from "./access.js";
import { progressSummary } from "./analyticsProviders.js";

/**
 * GET /v2/users/{id}/analytics, counted from what the platform already records: logins and
 * writes from the audit log, classes and enrollments, guardianships, and the progress area's
 * summary when it has registered one. Readable by whoever may read the user.
 */
export class UserAnalytics {
	constructor(private readonly db: Db) {}

	async forUser(caller: Principal, id: string) {
		const user = await readableUser(this.db, caller, id);
		const [logins] = await this.db
			.select({ total: count(), last: max(auditLog.createdAt) })
			.from(auditLog)
			.where(and(eq(auditLog.action, "auth.login"), eq(auditLog.targetId, id)));
		const [writes] = await this.db
			.select({ total: count(), last: max(auditLog.createdAt) })
			.from(auditLog)
			.where(and(eq(auditLog.actorKind, "user"), eq(auditLog.actorId, id), ne(auditLog.action, "auth.login")));
		const classCount =
			user.role === "student"
				? await this.countOf(this.db.select({ n: count() }).from(enrollments).where(eq(enrollments.userId, id)))
				: user.role === "teacher"
					? await this.countOf(this.db.select({ n: count() }).from(classes).where(eq(classes.teacherId, id)))
					: 0;
		const students =
			user.role === "teacher"
				? await this.countOf(
						this.db
							.select({ n: sql<number>`count(distinct ${enrollments.userId})::int` })
							.from(enrollments)
							.innerJoin(classes, eq(classes.id, enrollments.classId))
							.where(eq(classes.teacherId, id)),
					)
				: user.role === "parent"
					? await this.countOf(this.db.select({ n: count() }).from(guardianships).where(eq(guardianships.parentId, id)))
					: 0;
		const guardians = user.role === "student" ? await this.countOf(this.db.select({ n: count() }).from(guardianships).where(eq(guardianships.studentId, id))) : 0;
		return {
			user_id: id,
			role: user.role,
			logins: { total: logins.total, last_login_at: iso(logins.last) },
			activity: { writes: writes.total, last_active_at: iso(writes.last) },
			classes: classCount,
			students,
			guardians,
			progress: await progressSummary(this.db, { id, role: user.role }),
			generated_at: new Date().toISOString(),
		};
	}


	private async countOf(query: Promise<{ n: number }[]>): Promise<number> {
		const [row] = await query;
		return Number(row?.n ?? 0);
	}
}

const iso = (value: Date | string | null | undefined): string | null => (value ? new Date(value).toISOString() : null);
