import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { principal } from "../../../http/authenticate.js";
import { audit } from "../../../http/audit.js";
import { Envelope, ok } from "../../../http/envelope.js";
import { createContentStore, DIFFICULTIES, generateLesson, LessonContentSchema, llmFromConfig, newContentId, type LessonRequest } from "../../content/index.js";
import { requirePermission } from "../roles/permissions.js";
import { loadLesson } from "./access.js";
import { IdParams } from "./schema.js";

/**
 * `POST /lessons/{id}/generate`: builds the lesson's 3D environment and quiz with the lesson
 * generator (src/modules/content) from the lesson's subject, grade and objectives, stores it
 * (content store, scoped to the lesson's school) and returns it. The optional body tunes the
 * environment, question count, difficulty and seed (same seed -> same content).
 */
const GenerateBody = Type.Union([
	Type.Object(
		{
			environment_type: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
			max_questions: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
			difficulty: Type.Optional(Type.Union(DIFFICULTIES.map((d) => Type.Literal(d)))),
			include_quiz: Type.Optional(Type.Boolean()),
			seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })),
		},
		{ additionalProperties: false },
	),
	Type.Null(),
]);

const Generated = Type.Object({
	content_id: Type.String(),
	lesson_id: Type.String(),
	status: Type.Literal("generated"),
	content: LessonContentSchema,
	generated_at: Type.String({ format: "date-time" }),
});

export const lessonGenerateRoute: FastifyPluginAsyncTypebox = async (app) => {
	const llm = llmFromConfig(app.core.config);
	app.post(
		"/:id/generate",
		{
			preValidation: requirePermission("lessons.manage"),
			schema: { tags: ["lessons"], summary: "Generate the lesson's 3D environment and quiz", security: [{ bearerAuth: [] }], params: IdParams, body: GenerateBody, response: { 200: Envelope(Generated) } },
		},
		async (request) => {
			const db = app.core.database.db;
			const who = principal(request);
			const lesson = await loadLesson(db, who, request.params.id, "write");
			const options = request.body ?? {};
			const lessonRequest: LessonRequest = {
				subject: lesson.subject,
				gradeLevel: lesson.gradeLevel,
				learningObjectives: lesson.objectives.slice(0, 20).map((o) => o.slice(0, 300)),
				...(options.environment_type ? { environmentType: options.environment_type } : {}),
				...(options.max_questions ? { maxQuestions: options.max_questions } : {}),
				...(options.difficulty ? { difficulty: options.difficulty } : {}),
				...(options.include_quiz === undefined ? {} : { includeQuiz: options.include_quiz }),
			};
			const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
			const content = await generateLesson(lessonRequest, { seed, llm });
			const stored = await db.transaction(async (tx) => {
				const stored = await createContentStore(tx).save({ id: newContentId(), schoolId: lesson.schoolId, request: lessonRequest, content, seed, createdBy: `user:${who.id}` });
				await audit(tx, request, { action: "lesson.generate", targetType: "lesson", targetId: lesson.id, schoolId: lesson.schoolId, details: { contentId: stored.id } });
				return stored;
			});
			return ok(request, { content_id: stored.id, lesson_id: lesson.id, status: "generated" as const, content, generated_at: stored.createdAt.toISOString() }, "Lesson content generated");
		},
	);
};
