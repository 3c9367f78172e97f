import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { asc, desc, eq } from "drizzle-orm";
import { audit } from "../../../http/audit.js";
import { principal } from "../../../http/authenticate.js";
import { Envelope, ok } from "../../../http/envelope.js";
import { badRequest, forbidden } from "../../../http/errors.js";
import { presentProgress, publishProgress, recordLessonProgress, type ProgressRow } from "../progress/service.js";
import { publishAnalyticsEvent } from "../realtime/topics.js";
import { requirePermission } from "../roles/permissions.js";
import { loadLesson } from "./access.js";
import { AttemptBody, AttemptRecordSchema, AttemptResultSchema, CreateQuizBody, QuizSchema, UpdateQuizBody } from "./quizSchema.js";
import { loadQuiz, presentQuiz, toStoredQuestions } from "./quizService.js";
import { IdParams } from "./schema.js";
import { scoreAnswers } from "./scoring.js";
import { quizAttempts, quizzes } from "./tables.js";

const security = [{ bearerAuth: [] }];

/** `/lessons/{id}/quizzes`: the quizzes and assessments attached to a lesson. */
export const lessonQuizRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const { db } = app.core.database;

	app.get(
		"/:id/quizzes",
		{ preValidation: requirePermission("quizzes.read"), schema: { tags: ["quizzes"], summary: "Quizzes of a lesson (learners see no answer key)", security, params: IdParams, response: { 200: Envelope(Type.Array(QuizSchema)) } } },
		async (request) => {
			const me = principal(request);
			const lesson = await loadLesson(db, me, request.params.id, "read");
			const rows = await db.select().from(quizzes).where(eq(quizzes.lessonId, lesson.id)).orderBy(asc(quizzes.createdAt), asc(quizzes.id));
			return ok(request, rows.map((row) => presentQuiz(row, me)));
		},
	);

	app.post(
		"/:id/quizzes",
		{ preValidation: requirePermission("quizzes.manage"), schema: { tags: ["quizzes"], summary: "Attach a quiz or assessment to a lesson", security, params: IdParams, body: CreateQuizBody, response: { 201: Envelope(QuizSchema) } } },
		async (request, reply) => {
			const me = principal(request);
			const questions = toStoredQuestions(request.body.questions);
			const row = await db.transaction(async (tx) => {
				const lesson = await loadLesson(tx, me, request.params.id, "write");
				const now = new Date(app.core.clock());
				const [row] = await tx
					.insert(quizzes)
					.values({ lessonId: lesson.id, schoolId: lesson.schoolId, createdBy: me.id, title: request.body.title, kind: request.body.kind ?? "quiz", questions, createdAt: now, updatedAt: now })
					.returning();
				await audit(tx, request, { action: "quiz.create", targetType: "quiz", targetId: row.id, schoolId: lesson.schoolId, details: { lesson_id: lesson.id } });
				return row;
			});
			return reply.code(201).send(ok(request, presentQuiz(row, me), "Quiz created"));
		},
	);
};

/** `/quizzes/{id}`: read, change, delete; attempts. */
export const quizRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const { db } = app.core.database;
	const manage = requirePermission("quizzes.manage");

	app.get(
		"/:id",
		{ preValidation: requirePermission("quizzes.read"), schema: { tags: ["quizzes"], summary: "A quiz (learners see no answer key)", security, params: IdParams, response: { 200: Envelope(QuizSchema) } } },
		async (request) => {
			const me = principal(request);
			const { quiz } = await loadQuiz(db, me, request.params.id, "read");
			return ok(request, presentQuiz(quiz, me));
		},
	);

	app.patch(
		"/:id",
		{ preValidation: manage, schema: { tags: ["quizzes"], summary: "Change a quiz", security, params: IdParams, body: UpdateQuizBody, response: { 200: Envelope(QuizSchema) } } },
		async (request) => {
			const me = principal(request);
			const questions = request.body.questions ? toStoredQuestions(request.body.questions) : undefined;
			const row = await db.transaction(async (tx) => {
				const { quiz, lesson } = await loadQuiz(tx, me, request.params.id, "write");
				const [row] = await tx
					.update(quizzes)
					.set({ title: request.body.title, kind: request.body.kind, questions, updatedAt: new Date(app.core.clock()) })
					.where(eq(quizzes.id, quiz.id))
					.returning();
				await audit(tx, request, { action: "quiz.update", targetType: "quiz", targetId: quiz.id, schoolId: lesson.schoolId, details: { fields: Object.keys(request.body) } });
				return row;
			});
			return ok(request, presentQuiz(row, me), "Quiz updated");
		},
	);

	app.delete(
		"/:id",
		{ preValidation: manage, schema: { tags: ["quizzes"], summary: "Delete a quiz and its attempts", security, params: IdParams, response: { 200: Envelope(Type.Object({ deleted: Type.Boolean() })) } } },
		async (request) => {
			const me = principal(request);
			await db.transaction(async (tx) => {
				const { quiz, lesson } = await loadQuiz(tx, me, request.params.id, "write");
				await tx.delete(quizzes).where(eq(quizzes.id, quiz.id));
				await audit(tx, request, { action: "quiz.delete", targetType: "quiz", targetId: quiz.id, schoolId: lesson.schoolId });
			});
			return ok(request, { deleted: true }, "Quiz deleted");
		},
	);

	app.post(
		"/:id/attempts",
		{
			preValidation: requirePermission("quizzes.submit"),
			schema: { tags: ["quizzes"], summary: "Submit answers; the server scores them and records the best score as lesson progress", security, params: IdParams, body: AttemptBody, response: { 201: Envelope(AttemptResultSchema) } },
		},
		async (request, reply) => {
			const me = principal(request);
			if (me.role !== "student") throw forbidden("Only students submit quiz attempts");
			const { answers } = request.body;
			const { attempt, progress, result } = await db.transaction(async (tx) => {
				const { quiz, lesson } = await loadQuiz(tx, me, request.params.id, "read");
				if (answers.length !== quiz.questions.length) {
					throw badRequest(`body.answers must have one entry per question (${quiz.questions.length})`, { field: "answers", issue: "wrong length" });
				}
				const result = scoreAnswers(quiz.questions, answers);
				const at = new Date(app.core.clock());
				const [attempt] = await tx
					.insert(quizAttempts)
					.values({ quizId: quiz.id, userId: me.id, schoolId: lesson.schoolId, answers, score: result.score, maxScore: result.maxScore, percentage: result.percentage, createdAt: at })
					.returning();
				const progress: ProgressRow = await recordLessonProgress(tx, { userId: me.id, lessonId: lesson.id, progress: 0, score: result.percentage, at });
				await audit(tx, request, { action: "quiz.attempt", targetType: "quiz_attempt", targetId: attempt.id, schoolId: lesson.schoolId, details: { quiz_id: quiz.id, score: result.score } });
				return { attempt, progress, result };
			});
			await publishProgress(app.core.hub, progress);
			await publishAnalyticsEvent(app.core.hub, attempt.schoolId, "quiz_attempt", { quiz_id: attempt.quizId, progress: presentProgress(progress) });
			return reply.code(201).send(
				ok(request, {
					id: attempt.id,
					quiz_id: attempt.quizId,
					user_id: attempt.userId,
					score: attempt.score,
					max_score: attempt.maxScore,
					percentage: attempt.percentage,
					correct_count: result.correctCount,
					question_count: answers.length,
					created_at: attempt.createdAt.toISOString(),
				}),
			);
		},
	);

	app.get(
		"/:id/attempts",
		{ preValidation: manage, schema: { tags: ["quizzes"], summary: "Every attempt at a quiz (staff)", security, params: IdParams, response: { 200: Envelope(Type.Array(AttemptRecordSchema)) } } },
		async (request) => {
			const { quiz } = await loadQuiz(db, principal(request), request.params.id, "read");
			const rows = await db.select().from(quizAttempts).where(eq(quizAttempts.quizId, quiz.id)).orderBy(desc(quizAttempts.createdAt), desc(quizAttempts.id));
			return ok(
				request,
				rows.map((a) => ({
					id: a.id,
					quiz_id: a.quizId,
					user_id: a.userId,
					score: a.score,
					max_score: a.maxScore,
					percentage: a.percentage,
					correct_count: a.answers.filter((answer, i) => quiz.questions[i] && answer === quiz.questions[i].correct).length,
					question_count: a.answers.length,
					answers: a.answers,
					created_at: a.createdAt.toISOString(),
				})),
			);
		},
	);
};
