import { and, eq, sql } from "drizzle-orm";
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
 * school may write to anyone. Families cross the school line: parents usually belong to no
 * school (they register on their own and are linked to their children), so a parent and the
 * teachers of their children's classes write to each other, and a parent to their own children;
 * such a message belongs to the school of the class (or child).
 *
 * The same rules run in SQL in send.ts (MESSAGE_SCHOOL: the send is one statement, and this
 * function only says why a refused one is refused): change both; messageRules.test.ts holds
 * them equal.
 */
export async function checkRecipient(db: Db | Tx, sender: Principal, recipientId: string): Promise<{ recipient: UserRow; schoolId: string }> {
	const [recipient] = await db.select().from(users).where(eq(users.id, recipientId));
	if (!recipient || recipient.status !== "active") throw notFound("Recipient");
	if (recipient.id === sender.id) throw forbidden("You cannot message yourself");
	const familySchoolId = await familySchool(db, sender, recipient);
	if (familySchoolId) return { recipient, schoolId: familySchoolId };
	// Messages belong to a school (analytics, retention); users outside any school have no inbox.
	if (recipient.schoolId === null) throw notFound("Recipient");
	const globalAdmin = sender.role === "admin" && sender.schoolId === null;
	if (!globalAdmin && (sender.schoolId === null || recipient.schoolId !== sender.schoolId)) throw notFound("Recipient");
	if (sender.role === "student" && !(await teaches(db, recipient.id, sender.id))) throw forbidden("Students may only message their teachers");
	if (sender.role === "parent" && !(recipient.role === "teacher" || recipient.role === "admin") && !(await isGuardian(db, sender.id, recipient.id))) {
		throw forbidden("Parents may message staff and their own children");
	}
	return { recipient, schoolId: recipient.schoolId };
}

/** The school a parent-teacher (or parent-child) message belongs to, when the two are family-linked. */
async function familySchool(db: Db | Tx, sender: Principal, recipient: UserRow): Promise<string | undefined> {
	if (sender.role === "parent" && recipient.role === "student") {
		return recipient.schoolId !== null && (await isGuardian(db, sender.id, recipient.id)) ? recipient.schoolId : undefined;
	}
	if (sender.role === "parent" && recipient.role === "teacher") return classOfChild(db, recipient.id, sender.id);
	if (sender.role === "teacher" && recipient.role === "parent") return classOfChild(db, sender.id, recipient.id);
	return undefined;
}

/** The school of a class `teacherId` teaches in which a child of `parentId` is enrolled. */
async function classOfChild(db: Db | Tx, teacherId: string, parentId: string): Promise<string | undefined> {
	const [row] = await db
		.select({ schoolId: classes.schoolId })
		.from(classes)
		.innerJoin(enrollments, eq(enrollments.classId, classes.id))
		.innerJoin(guardianships, eq(guardianships.studentId, enrollments.userId))
		.where(and(eq(classes.teacherId, teacherId), eq(guardianships.parentId, parentId)))
		.limit(1);
	return row?.schoolId;
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

/** Display names only (never emails): students see who wrote to them, and nothing more. */
export const senderName = sql<string>`(select ${users.displayName} from ${users} where ${users.id} = ${messages.senderId})`;
export const recipientName = sql<string>`(select ${users.displayName} from ${users} where ${users.id} = ${messages.recipientId})`;

export function presentMessage(row: typeof messages.$inferSelect, names: { sender: string | null; recipient: string | null }): MessageDto {
	return {
		id: row.id,
		sender_id: row.senderId,
		sender_name: names.sender ?? "",
		recipient_id: row.recipientId,
		recipient_name: names.recipient ?? "",
		subject: row.subject,
		body: row.body,
		read: row.readAt !== null,
		read_at: row.readAt?.toISOString() ?? null,
		created_at: row.createdAt.toISOString(),
	};
}
