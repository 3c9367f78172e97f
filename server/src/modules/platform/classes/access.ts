import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.js";
import { classes, enrollments } from "../../../db/tables.js";
import { notFound } from "../../../http/errors.js";
import type { Principal } from "../../../http/tokens.js";

/**
 * Who may see or run a class. Exported for other platform routes (lessons, quizzes, progress)
 * that hang off a class:
 * - read: admins; teachers of the class's school; students enrolled in it.
 * - manage: admins; teachers of the class's school.
 * A class the caller may not see answers 404, never 403, so ids of other schools leak nothing.
 */
export type ClassRow = typeof classes.$inferSelect;

export async function findClass(db: Db | Tx, id: string): Promise<ClassRow | undefined> {
	const [row] = await db.select().from(classes).where(eq(classes.id, id));
	return row;
}

export async function isEnrolled(db: Db | Tx, classId: string, userId: string): Promise<boolean> {
	const [row] = await db
		.select({ userId: enrollments.userId })
		.from(enrollments)
		.where(and(eq(enrollments.classId, classId), eq(enrollments.userId, userId)));
	return row !== undefined;
}

export const canManageClass = (caller: Principal, row: ClassRow): boolean =>
	caller.role === "admin" || (caller.role === "teacher" && caller.schoolId !== null && caller.schoolId === row.schoolId);

export async function canReadClass(db: Db | Tx, caller: Principal, row: ClassRow): Promise<boolean> {
	if (canManageClass(caller, row)) return true;
	return caller.role === "student" && isEnrolled(db, row.id, caller.id);
}

/** The class if the caller may read it, else 404. */
export async function readableClass(db: Db | Tx, caller: Principal, id: string): Promise<ClassRow> {
	const row = await findClass(db, id);
	if (!row || !(await canReadClass(db, caller, row))) throw notFound("Class");
	return row;
}

/** The class if the caller may manage it, else 404 (a student who can read it gets 403 from the permission check first). */
export async function manageableClass(db: Db | Tx, caller: Principal, id: string): Promise<ClassRow> {
	const row = await findClass(db, id);
	if (!row || !canManageClass(caller, row)) throw notFound("Class");
	return row;
}
