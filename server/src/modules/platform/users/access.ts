import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.js";
import { guardianships, users } from "../../../db/tables.js";
import { forbidden, notFound } from "../../../http/errors.js";
import type { Principal } from "../../../http/tokens.js";
import { can } from "../roles/permissions.js";

export type UserRow = typeof users.$inferSelect;

/** Whether `parentId` is linked to `studentId` (parents read their children's data). Exported for the progress area. */
export async function isGuardianOf(db: Db | Tx, parentId: string, studentId: string): Promise<boolean> {
	const [row] = await db
		.select({ parentId: guardianships.parentId })
		.from(guardianships)
		.where(and(eq(guardianships.parentId, parentId), eq(guardianships.studentId, studentId)));
	return row !== undefined;
}

/**
 * A user the caller may read: themselves; any user for admins; users of their own school for
 * teachers (another school's user is 404); their linked students for parents. Anyone else 403.
 */
export async function readableUser(db: Db | Tx, caller: Principal, id: string): Promise<UserRow> {
	const [row] = await db.select().from(users).where(eq(users.id, id));
	if (caller.id === id && row) return row;
	if (caller.role === "parent") {
		if (row && (await isGuardianOf(db, caller.id, id))) return row;
		throw forbidden("Parents can read only the students linked to them");
	}
	if (!can(caller.role, "users.read")) throw forbidden("Requires permission users.read");
	if (!row || (caller.role !== "admin" && (caller.schoolId === null || row.schoolId !== caller.schoolId))) throw notFound("User");
	return row;
}
