import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { and, count, desc, eq, ilike, or } from "drizzle-orm";
import type { Tx } from "../../../db/client.js";
import { classes } from "../../../db/tables.js";
import { audit } from "../../../http/audit.js";
import { principal } from "../../../http/authenticate.js";
import { Envelope, ok, Page } from "../../../http/envelope.js";
import { badRequest } from "../../../http/errors.js";
import { publishAnalyticsEvent } from "../realtime/topics.js";
import { requirePermission } from "../roles/permissions.js";
import { loadLesson, visibleLessonsFilter } from "./access.js";
import { lessonGenerateRoute } from "./generate.js";
import { LessonVisibility, placeLesson } from "./placement.js";
import { presentLesson } from "./present.js";
import { CreateLessonBody, IdParams, LessonListQuery, LessonSchema, UpdateLessonBody } from "./schema.js";
import { lessons } from "./tables.js";

const security = [{ bearerAuth: [] }];

/**
 * Lessons: CRUD and the filtered, paginated list. Quizzes live in quizRoutes.ts. Role guards of
 * this area run at preValidation, so a caller without a token or the role gets 401/403 before
 * any 400 about the body (nothing about the schema leaks to them).
 */
export const lessonRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const { db } = app.core.database;
	const read = requirePermission("lessons.read");
	const manage = requirePermission("lessons.manage");

	app.post(
		"",
		{
			preValidation: manage,
			schema: {
				tags: ["lessons"],
				summary: "Create a lesson in my school",
				description:
					"The spec's example body `{ title, content, subject, grade_level }` works as is: without `class_id`, a teacher who teaches exactly one class gets the lesson in that class, published (unless `status` says draft). " +
					"Otherwise the lesson is created without a class (or with the status given) and `data.visibility` says whether students can see it and which fields are `missing`, with a `hint`.",
				security,
				body: CreateLessonBody,
				response: { 201: Envelope(Type.Composite([LessonSchema, Type.Object({ visibility: LessonVisibility })])) },
			},
		},
		async (request, reply) => {
			const me = principal(request);
			const body = request.body;
			const { row, visibility } = await db.transaction(async (tx) => {
				const { schoolId, classId, status, visibility } = await placeLesson(tx, me, body);
				const now = new Date(app.core.clock());
				const [row] = await tx
					.insert(lessons)
					.values({ schoolId, authorId: me.id, classId, title: body.title, content: body.content, subject: body.subject, gradeLevel: body.grade_level, objectives: body.objectives ?? [], status, createdAt: now, updatedAt: now })
					.returning();
				await audit(tx, request, { action: "lesson.create", targetType: "lesson", targetId: row.id, schoolId, details: { class_source: visibility.class_source } });
				return { row, visibility };
			});
			await publishAnalyticsEvent(app.core.hub, row.schoolId, "lesson", { lesson_id: row.id });
			return reply.code(201).send(ok(request, { ...presentLesson(row), visibility }, visibility.hint ? `Lesson created. ${visibility.hint}` : "Lesson created"));
		},
	);

	app.get(
		"",
		{ preValidation: read, schema: { tags: ["lessons"], summary: "List the lessons I may read, with filters", security, querystring: LessonListQuery, response: { 200: Envelope(Page(LessonSchema)) } } },
		async (request) => {
			const { page, per_page, subject, grade_level, status, class_id, q } = request.query;
			const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
			const where = and(
				await visibleLessonsFilter(db, principal(request)),
				subject ? eq(lessons.subject, subject) : undefined,
				grade_level ? eq(lessons.gradeLevel, grade_level) : undefined,
				status ? eq(lessons.status, status) : undefined,
				class_id ? eq(lessons.classId, class_id) : undefined,
				pattern ? or(ilike(lessons.title, pattern), ilike(lessons.content, pattern)) : undefined,
			);
			const [rows, [{ total }]] = await Promise.all([
				db.select().from(lessons).where(where).orderBy(desc(lessons.createdAt), desc(lessons.id)).limit(per_page).offset((page - 1) * per_page),
				db.select({ total: count() }).from(lessons).where(where),
			]);
			return ok(request, { items: rows.map(presentLesson), total, page, per_page });
		},
	);

	app.get(
		"/:id",
		{ preValidation: read, schema: { tags: ["lessons"], summary: "Lesson details", security, params: IdParams, response: { 200: Envelope(LessonSchema) } } },
		async (request) => ok(request, presentLesson(await loadLesson(db, principal(request), request.params.id, "read"))),
	);

	app.patch(
		"/:id",
		{ preValidation: manage, schema: { tags: ["lessons"], summary: "Update a lesson (author or admin)", security, params: IdParams, body: UpdateLessonBody, response: { 200: Envelope(LessonSchema) } } },
		async (request) => {
			const me = principal(request);
			const body = request.body;
			const row = await db.transaction(async (tx) => {
				const lesson = await loadLesson(tx, me, request.params.id, "write");
				if (body.class_id) await classInSchool(tx, body.class_id, lesson.schoolId);
				const [row] = await tx
					.update(lessons)
					.set({
						title: body.title,
						content: body.content,
						subject: body.subject,
						gradeLevel: body.grade_level,
						objectives: body.objectives,
						status: body.status,
						classId: body.class_id,
						updatedAt: new Date(app.core.clock()),
					})
					.where(eq(lessons.id, lesson.id))
					.returning();
				await audit(tx, request, { action: "lesson.update", targetType: "lesson", targetId: lesson.id, schoolId: lesson.schoolId, details: { fields: Object.keys(body) } });
				return row;
			});
			return ok(request, presentLesson(row), "Lesson updated");
		},
	);

	app.delete(
		"/:id",
		{ preValidation: manage, schema: { tags: ["lessons"], summary: "Delete a lesson with its quizzes and progress (author or admin)", security, params: IdParams, response: { 200: Envelope(Type.Object({ deleted: Type.Boolean() })) } } },
		async (request) => {
			const me = principal(request);
			await db.transaction(async (tx) => {
				const lesson = await loadLesson(tx, me, request.params.id, "write");
				await tx.delete(lessons).where(eq(lessons.id, lesson.id));
				await audit(tx, request, { action: "lesson.delete", targetType: "lesson", targetId: lesson.id, schoolId: lesson.schoolId, details: { title: lesson.title } });
			});
			return ok(request, { deleted: true }, "Lesson deleted");
		},
	);

	await app.register(lessonGenerateRoute);
};

async function classInSchool(tx: Tx, classId: string, schoolId: string): Promise<void> {
	const [cls] = await tx.select({ schoolId: classes.schoolId }).from(classes).where(eq(classes.id, classId));
	if (!cls || cls.schoolId !== schoolId) throw badRequest("body.class_id must be a class of the lesson's school", { field: "class_id", issue: "unknown class" });
}
