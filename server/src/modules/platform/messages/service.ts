import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.js";
import { classes, enrollments, guardianships, users } from "../../../db/tables.js";
import { forbidden, notFound } from "../../../http/errors.js";
import type { Principal } from "../../../http/tokens.js";
import type { MessageDto } from "./schema.js";
import { messages } from "./tables.js";

type UserRow = typeof users.$inferSelect;

/**
 * Who may write to whom: only inside one's school (a recipient elsewhere is "not found"), and
 * children only to their own teachers. Parents write to staff of their school. Admins without a
 * school may write to anyone.
 */
export async function checkRecipient(db: Db | Tx, sender: Principal, recipientId: string): Promise<UserRow & { schoolId: string }> {
	const [recipient] = await db.select().from(users).where(eq(users.id, recipientId));
	// Messages belong to a school (analytics, retention); users outside any school have no inbox.
	if (!recipient || recipient.status !== "active" || recipient.schoolId === null) throw notFound("Recipient");
	if (recipient.id === sender.id) throw forbidden("You cannot message yourself");
	const globalAdmin = sender.role === "admin" && sender.schoolId === null;
	if (!globalAdmin && (sender.schoolId === null || recipient.schoolId !== sender.schoolId)) throw notFound("Recipient");
	if (sender.role === "student" && !(await teaches(db, recipient.id, sender.id))) throw forbidden("Students may only message their teachers");
	if (sender.role === "parent" && !(recipient.role === "teacher" || recipient.role === "admin") && !(await isGuardian(db, sender.id, recipient.id))) {
		throw forbidden("Parents may message staff and their own children");
	}
	return recipient as UserRow & { schoolId: string };
}

async function teaches(db: Db | Tx, teacherId: string, studentId: string): Promise<boolean> {
	const rows = await db
		.select({ id: classes.id })
		.from(classes)
		.innerJoin(enrollments, eq(enrollments.classId, classes.id))
		.where(and(eq(classes.teacherId, teacherId), eq(enrollments.userId, studentId)))
		.limit(1);
	return rows.length > 0;
}

async function isGuardian(db: Db | Tx, parentId: string, studentId: string): Promise<boolean> {
	const rows = await db.select().from(guardianships).where(and(eq(guardianships.parentId, parentId), eq(guardianships.studentId, studentId))).limit(1);
	return rows.length > 0;
}

export function presentMessage(row: typeof messages.$inferSelect): MessageDto {
	return {
		id: row.id,
		sender_id: row.senderId,
		recipient_id: row.recipientId,
		subject: row.subject,
		body: row.body,
		read: row.readAt !== null,
		read_at: row.readAt?.toISOString() ?? null,
		created_at: row.createdAt.toISOString(),
	};
}
