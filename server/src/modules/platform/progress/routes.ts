import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { and, count, desc, eq, inArray, isNotNull, isNull, type SQL } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { classes, enrollments, guardianships } from "../../../db/tables.js";
import { audit } from "../../../http/audit.js";
import { principal, requireUser } from "../../../http/authenticate.js";
import { Envelope, ok, Page } from "../../../http/envelope.js";
import { forbidden, notFound } from "../../../http/errors.js";
import type { Principal } from "../../../http/tokens.js";
import { loadLesson } from "../lessons/access.js";
import { requirePermission } from "../roles/permissions.js";
import { provideProgressSummary } from "../users/analyticsProviders.js";
import { LessonIdParams, ProgressQuery, ProgressSchema, UpdateProgressBody } from "./schema.js";
import { presentProgress, publishProgress, recordLessonProgress } from "./service.js";
import { progressSummaryFor } from "./summary.js";
import { lessonProgress } from "./tables.js";

const security = [{ bearerAuth: [] }];

export const progressRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const { db } = app.core.database;
	provideProgressSummary(progressSummaryFor);

	app.get(
		"",
		{
			preValidation: requireUser(),
			schema: {
				tags: ["progress"],
				summary: "Progress I may see: students their own, parents their children's, teachers their classes' (?class_id), admins all",
				security,
				querystring: ProgressQuery,
				response: { 200: Envelope(Page(ProgressSchema)) },
			},
		},
		async (request) => {
			const { page, per_page, class_id, user_id, lesson_id, school_id, completed } = request.query;
			const where = and(
				await scopeFor(db, principal(request), { classId: class_id, schoolId: school_id }),
				user_id ? eq(lessonProgress.userId, user_id) : undefined,
				lesson_id ? eq(lessonProgress.lessonId, lesson_id) : undefined,
				completed === undefined ? undefined : completed ? isNotNull(lessonProgress.completedAt) : isNull(lessonProgress.completedAt),
			);
			const [rows, [{ total }]] = await Promise.all([
				db.select().from(lessonProgress).where(where).orderBy(desc(lessonProgress.updatedAt), lessonProgress.userId, lessonProgress.lessonId).limit(per_page).offset((page - 1) * per_page),
				db.select({ total: count() }).from(lessonProgress).where(where),
			]);
			return ok(request, { items: rows.map(presentProgress), total, page, per_page });
		},
	);

	app.put(
		"/:lesson_id",
		{
			preValidation: requirePermission("progress.write"),
			schema: { tags: ["progress"], summary: "Record my progress on a lesson (never lowers progress, score or time spent)", security, params: LessonIdParams, body: UpdateProgressBody, response: { 200: Envelope(ProgressSchema) } },
		},
		async (request) => {
			const me = principal(request);
			if (me.role !== "student") throw forbidden("Only students record their own progress");
			const { progress, score, time_spent } = request.body;
			const row = await db.transaction(async (tx) => {
				const lesson = await loadLesson(tx, me, request.params.lesson_id, "read");
				const row = await recordLessonProgress(tx, { userId: me.id, lessonId: lesson.id, progress, score, timeSpent: time_spent, at: new Date(app.core.clock()) });
				await audit(tx, request, { action: "progress.update", targetType: "lesson_progress", targetId: `${me.id}:${lesson.id}`, schoolId: lesson.schoolId, details: { progress, score: score ?? null, time_spent: time_spent ?? null } });
				return row;
			});
			await publishProgress(app.core.hub, row);
			return ok(request, presentProgress(row));
		},
	);
};

/** The rows a caller may read, as a SQL filter (undefined: everything). */
async function scopeFor(db: Db, who: Principal, filters: { classId?: string; schoolId?: string }): Promise<SQL | undefined> {
	const inClass = (classId: string) => inArray(lessonProgress.userId, db.select({ id: enrollments.userId }).from(enrollments).where(eq(enrollments.classId, classId)));
	switch (who.role) {
		case "student":
			return eq(lessonProgress.userId, who.id);
		case "parent":
			return inArray(lessonProgress.userId, db.select({ id: guardianships.studentId }).from(guardianships).where(eq(guardianships.parentId, who.id)));
		case "teacher": {
			if (!who.schoolId) throw forbidden("Teachers without a school have no classes");
			const mine = db.select({ id: classes.id }).from(classes).where(and(eq(classes.teacherId, who.id), eq(classes.schoolId, who.schoolId)));
			if (filters.classId) {
				const [cls] = await db.select().from(classes).where(eq(classes.id, filters.classId));
				if (!cls || cls.schoolId !== who.schoolId) throw notFound("Class");
				if (cls.teacherId !== who.id) throw forbidden("You do not teach this class");
				return and(eq(lessonProgress.schoolId, who.schoolId), inClass(filters.classId));
			}
			const students = db.select({ id: enrollments.userId }).from(enrollments).where(inArray(enrollments.classId, mine));
			return and(eq(lessonProgress.schoolId, who.schoolId), inArray(lessonProgress.userId, students));
		}
		case "admin":
			return and(filters.schoolId ? eq(lessonProgress.schoolId, filters.schoolId) : undefined, filters.classId ? inClass(filters.classId) : undefined);
	}
}
