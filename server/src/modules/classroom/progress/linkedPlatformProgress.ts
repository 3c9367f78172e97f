import { and, eq } from "drizzle-orm";
import type { Tx } from "../../../db/client.js";
import { users } from "../../../db/tables.js";
import { AppError } from "../../../http/errors.js";
import { lessons } from "../../platform/lessons/tables.js";
import { recordLessonProgress, type ProgressRow } from "../../platform/progress/service.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * When a Roblox player is linked to a platform account (users.roblox_user_id) of the same school
 * and the report names a platform lesson (its uuid), the platform's lesson progress follows the
 * game's. The classroom score has its own scale, so only progress and time travel. Reports for
 * unknown lessons are the game's own lesson ids and are left alone.
 */
export async function mirrorToPlatform(tx: Tx, schoolId: string, report: { playerId: string; lessonId: string; progress: number; at: Date }): Promise<ProgressRow | undefined> {
	if (!UUID.test(report.lessonId)) return undefined;
	const [lesson] = await tx.select({ id: lessons.id }).from(lessons).where(and(eq(lessons.id, report.lessonId), eq(lessons.schoolId, schoolId)));
	if (!lesson) return undefined;
	const robloxUserId = report.playerId.replace(/^player_/, "");
	const [user] = await tx.select({ id: users.id }).from(users).where(and(eq(users.robloxUserId, robloxUserId), eq(users.schoolId, schoolId)));
	if (!user) return undefined;
	try {
		return await recordLessonProgress(tx, { userId: user.id, lessonId: report.lessonId, progress: report.progress, at: report.at });
	} catch (error) {
		if (error instanceof AppError && error.statusCode === 404) return undefined;
		throw error;
	}
}
