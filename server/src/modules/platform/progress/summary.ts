import { avg, count, eq, max, sum } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import type { Role } from "../../../db/tables.js";
import { quizAttempts } from "../lessons/tables.js";
import { lessonProgress } from "./tables.js";

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * A student's learning numbers for GET /v2/users/{id}/analytics (registered with the users
 * area's provider seam). Null for other roles: their numbers live in /v2/analytics.
 */
export async function progressSummaryFor(db: Db, user: { id: string; role: Role }): Promise<Record<string, unknown> | null> {
	if (user.role !== "student") return null;
	const [[p], [q]] = await Promise.all([
		db
			.select({ started: count(), completed: count(lessonProgress.completedAt), progress: avg(lessonProgress.progress), time: sum(lessonProgress.timeSpent), last: max(lessonProgress.updatedAt) })
			.from(lessonProgress)
			.where(eq(lessonProgress.userId, user.id)),
		db.select({ attempts: count(), score: avg(quizAttempts.percentage) }).from(quizAttempts).where(eq(quizAttempts.userId, user.id)),
	]);
	return {
		lessons_started: p.started,
		lessons_completed: p.completed,
		average_progress: p.progress === null ? null : round2(Number(p.progress)),
		time_spent: Number(p.time ?? 0),
		quiz_attempts: q.attempts,
		average_score: q.score === null ? null : round2(Number(q.score)),
		last_activity_at: p.last ? new Date(p.last).toISOString() : null,
	};
}
