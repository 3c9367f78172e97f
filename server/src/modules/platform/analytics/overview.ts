import { and, avg, count, eq, gte, lte, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../../../db/client.js";
import { auditLog, classes, users } from "../../../db/tables.js";
import { lessons, quizAttempts } from "../lessons/tables.js";
import { lessonProgress } from "../progress/tables.js";

const WEEK_MS = 7 * 24 * 3600 * 1000;

export interface Overview {
	school_id: string | null;
	students: number;
	teachers: number;
	classes: number;
	lessons: number;
	published_lessons: number;
	quiz_attempts: number;
	average_score: number | null;
	active_users_7d: number;
}

/**
 * Counts for one school (or the whole platform when `schoolId` is null). A user is active in
 * the 7 days up to `now` when they wrote anything (audit log: sign-ins and every write),
 * recorded progress or attempted a quiz.
 */
export async function computeOverview(db: Db, schoolId: string | null, now: number): Promise<Overview> {
	const inSchool = (column: PgColumn): SQL | undefined => (schoolId ? eq(column, schoolId) : undefined);
	const since = new Date(now - WEEK_MS);
	const until = new Date(now);
	const window = (column: PgColumn) => and(gte(column, since), lte(column, until));
	const [[students], [teachers], [classCount], [lessonCount], [published], [attempts], auditActors, progressActors, quizActors] = await Promise.all([
		db.select({ n: count() }).from(users).where(and(eq(users.role, "student"), inSchool(users.schoolId))),
		db.select({ n: count() }).from(users).where(and(eq(users.role, "teacher"), inSchool(users.schoolId))),
		db.select({ n: count() }).from(classes).where(inSchool(classes.schoolId)),
		db.select({ n: count() }).from(lessons).where(inSchool(lessons.schoolId)),
		db.select({ n: count() }).from(lessons).where(and(eq(lessons.status, "published"), inSchool(lessons.schoolId))),
		db.select({ n: count(), avg: avg(quizAttempts.percentage) }).from(quizAttempts).where(inSchool(quizAttempts.schoolId)),
		db.selectDistinct({ id: auditLog.actorId }).from(auditLog).where(and(eq(auditLog.actorKind, "user"), window(auditLog.createdAt), inSchool(auditLog.schoolId))),
		db.selectDistinct({ id: lessonProgress.userId }).from(lessonProgress).where(and(window(lessonProgress.updatedAt), inSchool(lessonProgress.schoolId))),
		db.selectDistinct({ id: quizAttempts.userId }).from(quizAttempts).where(and(window(quizAttempts.createdAt), inSchool(quizAttempts.schoolId))),
	]);
	const active = new Set([...auditActors, ...progressActors, ...quizActors].map((r) => r.id).filter((id): id is string => id !== null));
	return {
		school_id: schoolId,
		students: students.n,
		teachers: teachers.n,
		classes: classCount.n,
		lessons: lessonCount.n,
		published_lessons: published.n,
		quiz_attempts: attempts.n,
		average_score: attempts.avg === null ? null : round2(Number(attempts.avg)),
		active_users_7d: active.size,
	};
}

export const round2 = (n: number) => Math.round(n * 100) / 100;
