import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.js";
import { enrollments, guardianships } from "../../../db/tables.js";
import { forbidden, notFound } from "../../../http/errors.js";
import type { Principal } from "../../../http/tokens.js";
import { lessons } from "./tables.js";

export type LessonRow = typeof lessons.$inferSelect;

/**
 * Who sees which lesson. Admins: every lesson. Teachers: every lesson of their school (drafts
 * too). Students: published lessons of the classes they are enrolled in; parents: those of their
 * linked students' classes. Anything else is "not found", so ids of other schools leak nothing.
 * Writes: admins, or the teacher who wrote the lesson (another teacher of the school gets 403).
 */
export async function loadLesson(db: Db | Tx, who: Principal, lessonId: string, mode: "read" | "write"): Promise<LessonRow> {
	const [lesson] = await db.select().from(lessons).where(eq(lessons.id, lessonId));
	if (!lesson || !(await canSee(db, who, lesson))) throw notFound("Lesson");
	if (mode === "write" && who.role !== "admin" && !(who.role === "teacher" && lesson.authorId === who.id)) {
		throw forbidden("Only the lesson's author or an admin may change it");
	}
	return lesson;
}

async function canSee(db: Db | Tx, who: Principal, lesson: LessonRow): Promise<boolean> {
	if (who.role === "admin") return true;
	if (who.role === "teacher") return who.schoolId !== null && lesson.schoolId === who.schoolId;
	if (lesson.status !== "published" || lesson.classId === null) return false;
	return (await learnerClassIds(db, who)).includes(lesson.classId);
}

/** Classes whose published lessons a student (own enrollments) or parent (children's) may read. */
export async function learnerClassIds(db: Db | Tx, who: Principal): Promise<string[]> {
	if (who.role === "student") {
		const rows = await db.select({ id: enrollments.classId }).from(enrollments).where(eq(enrollments.userId, who.id));
		return rows.map((r) => r.id);
	}
	if (who.role === "parent") {
		const children = await db.select({ id: guardianships.studentId }).from(guardianships).where(eq(guardianships.parentId, who.id));
		if (children.length === 0) return [];
		const rows = await db.selectDistinct({ id: enrollments.classId }).from(enrollments).where(inArray(enrollments.userId, children.map((c) => c.id)));
		return rows.map((r) => r.id);
	}
	return [];
}

/** The SQL filter matching `canSee` for list queries. */
export async function visibleLessonsFilter(db: Db | Tx, who: Principal) {
	if (who.role === "admin") return undefined;
	if (who.role === "teacher") return who.schoolId ? eq(lessons.schoolId, who.schoolId) : eq(lessons.id, "00000000-0000-0000-0000-000000000000");
	const classIds = await learnerClassIds(db, who);
	if (classIds.length === 0) return eq(lessons.id, "00000000-0000-0000-0000-000000000000");
	return and(eq(lessons.status, "published"), inArray(lessons.classId, classIds));
}
