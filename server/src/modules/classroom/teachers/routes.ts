import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { and, eq, inArray } from "drizzle-orm";
import { users } from "../../../db/tables.js";
import { callerOf, classroomRateLimit, requireCaller } from "../caller.js";
import { security } from "../schema.js";

const TeacherParams = Type.Object({ robloxUserId: Type.String({ pattern: "^[0-9]{1,20}$", description: "A Roblox user id" }) });
const TeacherResponse = Type.Object({ robloxUserId: Type.String(), isTeacher: Type.Boolean(), displayName: Type.Optional(Type.String()) });

/**
 * GET /v2/roblox/teachers/{robloxUserId} (place keys only): is this Roblox user linked
 * (users.roblox_user_id, set by the Roblox OAuth sign-in) to a teacher or admin of the key's
 * school? Anyone else, another school's teacher included, is `isTeacher: false` with no name,
 * so the answer says nothing about other schools. A game server asks once per new player.
 */
export const teacherRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const db = () => app.core.database.db;
	app.get(
		"/teachers/:robloxUserId",
		{
			preHandler: requireCaller(db, { users: false }),
			config: classroomRateLimit(app.core.config),
			schema: { tags: ["classroom"], summary: "Whether a Roblox user is a teacher of this place's school", security, params: TeacherParams, response: { 200: TeacherResponse } },
		},
		async (request) => {
			const { robloxUserId } = request.params;
			const [teacher] = await db()
				.select({ displayName: users.displayName })
				.from(users)
				.where(and(eq(users.robloxUserId, robloxUserId), eq(users.schoolId, callerOf(request).schoolId), eq(users.status, "active"), inArray(users.role, ["teacher", "admin"])));
			return teacher ? { robloxUserId, isTeacher: true, displayName: teacher.displayName } : { robloxUserId, isTeacher: false };
		},
	);
};
