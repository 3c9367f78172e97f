import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.js";
import { notFound } from "../../../http/errors.js";
import type { Hub } from "../../../realtime/hub.js";
import { lessons } from "../lessons/tables.js";
import { publish, publishAnalyticsEvent, topics } from "../realtime/topics.js";
import type { ProgressDto } from "./schema.js";
import { lessonProgress } from "./tables.js";

export interface ProgressInput {
	userId: string;
	lessonId: string;
	/** 0-100 */
	progress: number;
	/** 0-100, best score so far wins. */
	score?: number | null;
	/** Total seconds spent on the lesson as the reporter counts it; the larger report wins. */
	timeSpent?: number;
	/** Business time of the report (defaults to now). */
	at?: Date;
}

export type ProgressRow = typeof lessonProgress.$inferSelect;

/**
 * Records a student's progress on a lesson. Idempotent and monotonic: replaying a report, or
 * receiving reports out of order (game servers batch and retry), never lowers progress, score
 * or time spent; `completed_at` is set the first time progress reaches 100 and kept.
 * For other modules (the classroom module calls it when a linked Roblox player reports).
 * The caller audits; call `publishProgress(hub, row)` after the transaction commits.
 */
export async function recordLessonProgress(db: Db | Tx, input: ProgressInput): Promise<ProgressRow> {
	const [lesson] = await db.select({ schoolId: lessons.schoolId }).from(lessons).where(eq(lessons.id, input.lessonId));
	if (!lesson) throw notFound("Lesson");
	const at = input.at ?? new Date();
	const progress = clamp(Math.round(input.progress), 0, 100);
	const score = input.score === undefined || input.score === null ? null : clamp(input.score, 0, 100);
	const timeSpent = Math.max(0, Math.round(input.timeSpent ?? 0));
	const [row] = await db
		.insert(lessonProgress)
		.values({ userId: input.userId, lessonId: input.lessonId, schoolId: lesson.schoolId, progress, score, timeSpent, completedAt: progress >= 100 ? at : null, createdAt: at, updatedAt: at })
		.onConflictDoUpdate({
			target: [lessonProgress.userId, lessonProgress.lessonId],
			set: {
				progress: sql`greatest(${lessonProgress.progress}, excluded.progress)`,
				score: sql`case when ${lessonProgress.score} is null then excluded.score when excluded.score is null then ${lessonProgress.score} else greatest(${lessonProgress.score}, excluded.score) end`,
				timeSpent: sql`greatest(${lessonProgress.timeSpent}, excluded.time_spent)`,
				completedAt: sql`coalesce(${lessonProgress.completedAt}, excluded.completed_at)`,
				updatedAt: sql`excluded.updated_at`,
			},
		})
		.returning();
	return row;
}

/** Pushes a progress change to the student, their school's staff and platform admins. */
export async function publishProgress(hub: Hub, row: ProgressRow): Promise<void> {
	const data = presentProgress(row);
	await Promise.all([
		publish(hub, topics.userProgress(row.userId), "progress.updated", data),
		publish(hub, topics.schoolProgress(row.schoolId), "progress.updated", data),
		publish(hub, topics.platformProgress, "progress.updated", data),
		publishAnalyticsEvent(hub, row.schoolId, "progress", { lesson_id: row.lessonId }),
	]);
}

export function presentProgress(row: ProgressRow): ProgressDto {
	return {
		user_id: row.userId,
		lesson_id: row.lessonId,
		school_id: row.schoolId,
		progress: row.progress,
		score: row.score,
		time_spent: row.timeSpent,
		completed: row.completedAt !== null,
		completed_at: row.completedAt?.toISOString() ?? null,
		updated_at: row.updatedAt.toISOString(),
	};
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
