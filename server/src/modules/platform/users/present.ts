import type { users } from "../../../db/tables.js";
import type { UserDto } from "./schema.js";

/** Row -> API shape. Never includes the password hash. */
export function presentUser(row: typeof users.$inferSelect): UserDto {
	return {
		id: row.id,
		email: row.email,
		username: row.username,
		display_name: row.displayName,
		role: row.role,
		school_id: row.schoolId,
		tier: row.tier,
		roblox_user_id: row.robloxUserId,
		status: row.status,
		created_at: row.createdAt.toISOString(),
	};
}
