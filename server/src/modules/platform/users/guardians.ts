import { and, asc, eq } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Db } from "../../../db/client.js";
import { guardianships, users } from "../../../db/tables.js";
import { audit } from "../../../http/audit.js";
import { badRequest, conflict, forbidden, notFound } from "../../../http/errors.js";
import type { Principal } from "../../../http/tokens.js";
import { isUniqueViolation } from "../system/dbErrors.js";
import { readableUser } from "./access.js";
import { presentUser } from "./present.js";
import type { UserDto } from "./schema.js";

/**
 * Guardianships link a parent account to a student so the parent can follow that student's
 * progress. Staff create them (admins anywhere; teachers for students of their school, with a
 * parent of the same school or of none); a parent cannot link themselves.
 */
export class GuardianService {
	constructor(private readonly db: Db) {}

	/** Links a parent to a student (admins; teachers for students of their school). */
	async link(request: FastifyRequest, caller: Principal, studentId: string, parentId: string) {
		const student = await readableUser(this.db, caller, studentId);
		if (student.role !== "student") throw badRequest("Only students have guardians", { field: "id", issue: "not a student" });
		const [parent] = await this.db.select().from(users).where(eq(users.id, parentId));
		const visible = parent && (caller.role === "admin" || parent.schoolId === null || parent.schoolId === student.schoolId);
		if (!parent || !visible || parent.role !== "parent") throw badRequest("body.parent_id must name a parent account", { field: "parent_id", issue: "not a parent" });
		try {
			return await this.db.transaction(async (tx) => {
				const [row] = await tx.insert(guardianships).values({ parentId, studentId }).onConflictDoNothing().returning();
				if (!row) throw conflict("The parent is already linked to this student");
				await audit(tx, request, { action: "user.guardian.create", targetType: "guardianship", targetId: `${parentId}:${studentId}`, schoolId: student.schoolId, details: { parent_id: parentId, student_id: studentId } });
				return { parent_id: row.parentId, student_id: row.studentId, created_at: row.createdAt.toISOString() };
			});
		} catch (error) {
			if (isUniqueViolation(error)) throw conflict("The parent is already linked to this student");
			throw error;
		}
	}

	async parentsOf(caller: Principal, studentId: string): Promise<UserDto[]> {
		await readableUser(this.db, caller, studentId);
		const rows = await this.db
			.select({ user: users })
			.from(guardianships)
			.innerJoin(users, eq(users.id, guardianships.parentId))
			.where(eq(guardianships.studentId, studentId))
			.orderBy(asc(users.displayName));
		return rows.map((r) => presentUser(r.user));
	}

	/** The students linked to a parent (the parent themselves, or staff who may read them). */
	async childrenOf(caller: Principal, parentId: string): Promise<UserDto[]> {
		await readableUser(this.db, caller, parentId);
		const rows = await this.db
			.select({ user: users })
			.from(guardianships)
			.innerJoin(users, eq(users.id, guardianships.studentId))
			.where(eq(guardianships.parentId, parentId))
			.orderBy(asc(users.displayName));
		return rows.map((r) => presentUser(r.user));
	}

	async unlink(request: FastifyRequest, caller: Principal, studentId: string, parentId: string): Promise<void> {
		const student = await readableUser(this.db, caller, studentId);
		if (caller.role !== "admin" && caller.role !== "teacher") throw forbidden("Requires permission guardians.manage");
		await this.db.transaction(async (tx) => {
			const removed = await tx
				.delete(guardianships)
				.where(and(eq(guardianships.parentId, parentId), eq(guardianships.studentId, studentId)))
				.returning({ parentId: guardianships.parentId });
			if (removed.length === 0) throw notFound("Guardianship");
			await audit(tx, request, { action: "user.guardian.delete", targetType: "guardianship", targetId: `${parentId}:${studentId}`, schoolId: student.schoolId, details: { parent_id: parentId, student_id: studentId } });
		});
	}
}
