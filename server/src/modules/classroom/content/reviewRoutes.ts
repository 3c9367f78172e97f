import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import { and, desc, eq } from "drizzle-orm";
import { audit } from "../../../http/audit.js";
import { badRequest, notFound } from "../../../http/errors.js";
import { createContentStore, DIFFICULTIES, generateLesson, LessonContentSchema, LessonRequestSchema, lessonContents, llmFromConfig, verifyMathQuestion, type StoredContent } from "../../content/index.js";
import { boardObjects } from "../../content/layout.js";
import type { LessonContent, Question } from "../../content/types.js";
import { auditActor, callerOf, classroomRateLimit, requireCaller } from "../caller.js";
import { security } from "../schema.js";

/**
 * The teacher's review of a generated lesson before class (teachers' tokens only: these views
 * carry the answer key).
 *
 *   GET  /v2/roblox/content                                   the school's lessons, newest first
 *   GET  /v2/roblox/content/{id}/review                       lesson + request + maths checks
 *   PUT  /v2/roblox/content/{id}/questions                    the question list as edited: change text,
 *        options, correct answer, explanation, hints; reorder; delete (omit). Ids must be the lesson's own.
 *   POST /v2/roblox/content/{id}/questions/{question_id}/regenerate   a fresh question in that slot
 *
 * Every answer carries `checks`: each question re-checked by the generator's maths verifier
 * (content/math/verify.ts). `wrong` means the marked answer is not the true one (or two options
 * are equal); `unknown` is a question the verifier does not recognise (not maths, or reworded).
 * A wrong check is a warning, not a refusal: the teacher decides.
 */
const ContentParams = Type.Object({ content_id: Type.String({ minLength: 1, maxLength: 64 }) });
const QuestionParams = Type.Object({ content_id: Type.String({ minLength: 1, maxLength: 64 }), question_id: Type.String({ minLength: 1, maxLength: 64 }) });
const EditedQuestion = Type.Object(
	{
		id: Type.String({ minLength: 1, maxLength: 64 }),
		text: Type.String({ minLength: 1, maxLength: 500, pattern: "\\S" }),
		options: Type.Array(Type.String({ minLength: 1, maxLength: 200, pattern: "\\S" }), { minItems: 2, maxItems: 6 }),
		correct: Type.Integer({ minimum: 0, maximum: 5 }),
		explanation: Type.String({ maxLength: 1000 }),
		hints: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 5 }),
		difficulty: Type.Optional(Type.Union(DIFFICULTIES.map((d) => Type.Literal(d)))),
	},
	{ additionalProperties: false, $id: "EditedQuestion" },
);
const EditBody = Type.Object({ questions: Type.Array(EditedQuestion, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false });
const Check = Type.Object({
	questionId: Type.String(),
	status: Type.Union([Type.Literal("correct"), Type.Literal("wrong"), Type.Literal("unknown")]),
	reason: Type.Union([Type.String(), Type.Null()]),
});
const ReviewResponse = Type.Object(
	{ contentId: Type.String(), request: LessonRequestSchema, content: LessonContentSchema, checks: Type.Array(Check), generatedAt: Type.String() },
	{ $id: "ContentReview" },
);
const ContentSummary = Type.Object({
	contentId: Type.String(),
	subject: Type.String(),
	gradeLevel: Type.Integer(),
	title: Type.String(),
	questions: Type.Integer(),
	generatedAt: Type.String(),
});

export const contentReviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const db = () => app.core.database.db;
	const limits = classroomRateLimit(app.core.config);
	const teacherOnly = requireCaller(db, { places: false });
	const llm = llmFromConfig(app.core.config);

	app.get(
		"/content",
		{ preHandler: teacherOnly, config: limits, schema: { tags: ["classroom"], summary: "Your school's lessons, newest first (at most 100)", security, response: { 200: Type.Object({ contents: Type.Array(ContentSummary) }) } } },
		async (request) => {
			const rows = await db().select().from(lessonContents).where(eq(lessonContents.schoolId, callerOf(request).schoolId)).orderBy(desc(lessonContents.createdAt), desc(lessonContents.id)).limit(100);
			return {
				contents: rows.map((row) => ({
					contentId: row.id,
					subject: row.request.subject,
					gradeLevel: row.request.gradeLevel,
					title: titleOf(row.request),
					questions: row.content.quiz.questions.length,
					generatedAt: row.createdAt.toISOString(),
				})),
			};
		},
	);

	app.get(
		"/content/:content_id/review",
		{ preHandler: teacherOnly, config: limits, schema: { tags: ["classroom"], summary: "A lesson with its answer key and maths checks, for review before class", security, params: ContentParams, response: { 200: ReviewResponse } } },
		async (request) => review(await load(request.params.content_id, callerOf(request).schoolId)),
	);

	app.put(
		"/content/:content_id/questions",
		{
			preHandler: teacherOnly,
			config: limits,
			schema: { tags: ["classroom"], summary: "Save the edited, reordered or trimmed question list of a lesson", security, params: ContentParams, body: EditBody, response: { 200: ReviewResponse } },
		},
		async (request) => {
			const caller = callerOf(request);
			const stored = await load(request.params.content_id, caller.schoolId);
			const byId = new Map(stored.content.quiz.questions.map((q) => [q.id, q]));
			const seen = new Set<string>();
			const questions = request.body.questions.map((edited, i): Question => {
				const original = byId.get(edited.id);
				if (!original) throw badRequest(`Question ${edited.id} is not in this lesson`, { field: `questions.${i}.id`, issue: "unknown question id" });
				if (seen.has(edited.id)) throw badRequest(`Question ${edited.id} appears twice`, { field: `questions.${i}.id`, issue: "duplicate" });
				seen.add(edited.id);
				if (edited.correct >= edited.options.length) throw badRequest("The correct answer must be one of the options", { field: `questions.${i}.correct`, issue: "out of range" });
				if (new Set(edited.options.map((o) => o.trim())).size !== edited.options.length) throw badRequest("Options must differ", { field: `questions.${i}.options`, issue: "duplicate option" });
				return { ...original, text: edited.text, options: edited.options, correct: edited.correct, explanation: edited.explanation, hints: edited.hints, difficulty: edited.difficulty ?? original.difficulty };
			});
			const saved = await save(stored, withQuestions(stored, questions), request, { action: "content.questions.edit", details: { questions: questions.length } });
			return review(saved);
		},
	);

	app.post(
		"/content/:content_id/questions/:question_id/regenerate",
		{ preHandler: teacherOnly, config: limits, schema: { tags: ["classroom"], summary: "Replace one question of a lesson by a freshly generated one", security, params: QuestionParams, response: { 200: ReviewResponse } } },
		async (request) => {
			const caller = callerOf(request);
			const stored = await load(request.params.content_id, caller.schoolId);
			const index = stored.content.quiz.questions.findIndex((q) => q.id === request.params.question_id);
			if (index < 0) throw notFound("Question");
			const existing = new Set(stored.content.quiz.questions.map((q) => q.text));
			let fresh: Question | undefined;
			for (let attempt = 0; attempt < 8 && !fresh; attempt++) {
				const lesson = await generateLesson({ ...stored.request, includeQuiz: true, maxQuestions: 3 }, { seed: Math.floor(Math.random() * 2 ** 31), llm });
				fresh = lesson.quiz.questions.find((q) => !existing.has(q.text));
			}
			if (!fresh) throw badRequest("No different question could be generated for this lesson", { field: "question_id", issue: "exhausted" });
			const old = stored.content.quiz.questions[index];
			const questions = stored.content.quiz.questions.map((q, i) => (i === index ? { ...fresh!, id: old.id, points: old.points } : q));
			const saved = await save(stored, withQuestions(stored, questions), request, { action: "content.questions.regenerate", details: { questionId: old.id } });
			return review(saved);
		},
	);

	async function load(contentId: string, schoolId: string): Promise<StoredContent> {
		const stored = await createContentStore(db()).get(contentId, schoolId);
		if (!stored) throw notFound("Content");
		return stored;
	}

	async function save(stored: StoredContent, content: LessonContent, request: FastifyRequest, entry: { action: string; details: Record<string, unknown> }): Promise<StoredContent> {
		const caller = callerOf(request);
		return db().transaction(async (tx) => {
			const [row] = await tx
				.update(lessonContents)
				.set({ content })
				.where(and(eq(lessonContents.id, stored.id), eq(lessonContents.schoolId, caller.schoolId)))
				.returning();
			await audit(tx, request, { action: entry.action, targetType: "content", targetId: stored.id, schoolId: caller.schoolId, actor: auditActor(caller), details: entry.details });
			return row;
		});
	}
};

type ReviewDto = Static<typeof ReviewResponse>;

function review(stored: StoredContent): ReviewDto {
	return {
		contentId: stored.id,
		request: stored.request,
		content: stored.content,
		checks: stored.content.quiz.questions.map((q) => {
			const verdict = verifyMathQuestion(q);
			return { questionId: q.id, status: verdict.status, reason: verdict.status === "correct" ? null : verdict.reason };
		}),
		generatedAt: stored.createdAt.toISOString(),
	};
}

/**
 * The lesson with a new question list. Objects bound to a question index (boards, stations) past
 * the new count are dropped, and an index no object serves any more gets a quiz board, so every
 * question stays reachable in the world.
 */
function withQuestions(stored: StoredContent, questions: Question[]): LessonContent {
	const indexOf = (o: LessonContent["objects"][number]) => (typeof o.properties.questionIndex === "number" ? o.properties.questionIndex : undefined);
	const kept = stored.content.objects.filter((o) => (indexOf(o) ?? 0) < questions.length);
	const served = new Set(kept.map(indexOf).filter((i): i is number => i !== undefined));
	const missing = questions.map((_, i) => i).filter((i) => !served.has(i));
	return { ...stored.content, objects: missing.length ? [...kept, ...boardObjects(missing)] : kept, quiz: { questions } };
}

function titleOf(request: StoredContent["request"]): string {
	return request.learningObjectives[0] ? `${request.subject}: ${request.learningObjectives[0]}` : `Welcome to ${request.subject}!`;
}
