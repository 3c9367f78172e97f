import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { and, eq, sql } from "drizzle-orm";
import { audit } from "../../../http/audit.js";
import { forbidden, notFound } from "../../../http/errors.js";
import { createContentStore, generateLesson, LessonContentSchema, LessonRequestSchema, llmFromConfig, newContentId, PublicQuestionSchema } from "../../content/index.js";
import { actorLabel, auditActor, callerOf, classroomRateLimit, requireCaller, type Caller } from "../caller.js";
import { placeHintsAllowed, sessionQuestion, withoutHints } from "../sessions/service.js";
import { appliedContent } from "../tables.js";

/**
 * Content: generate (and store), read back, apply to a place, and the live server's poll.
 *
 *   POST /v2/roblox/generate-content        spec body (+ optional `seed` for a reproducible lesson)
 *   GET  /v2/roblox/content/{content_id}    a stored lesson of your school
 *   POST /v2/roblox/apply-content           { contentId, placeId, applyTerrain, applyObjects, applyQuiz }
 *   GET  /v2/roblox/places/{place_id}/content
 *        What a live server should show. Poll it with `If-None-Match: <etag>`: while nothing
 *        changed the answer is 304 with no body (one indexed row read); after an apply the
 *        ETag (`"<contentId>.<revision>"`) changes and the full payload comes back. The quiz
 *        in it has no answer key: game servers score through POST /quiz/answer.
 */
const GenerateBody = Type.Composite([LessonRequestSchema, Type.Object({ seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 })) })], { additionalProperties: false });
const GeneratedResponse = Type.Object({ contentId: Type.String(), status: Type.Literal("generated"), content: LessonContentSchema, generatedAt: Type.String() });
const ContentParams = Type.Object({ content_id: Type.String({ minLength: 1, maxLength: 64 }) });
const PlaceParams = Type.Object({ place_id: Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_-]+$" }) });
const ApplyBody = Type.Object(
	{
		contentId: Type.String({ minLength: 1, maxLength: 64 }),
		placeId: Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_-]+$" }),
		applyTerrain: Type.Boolean({ default: true }),
		applyObjects: Type.Boolean({ default: true }),
		applyQuiz: Type.Boolean({ default: true }),
	},
	{ additionalProperties: false },
);
const AppliedResponse = Type.Object({
	contentId: Type.String(),
	placeId: Type.String(),
	status: Type.Literal("applied"),
	revision: Type.Integer(),
	etag: Type.String(),
	appliedAt: Type.String(),
	applyTerrain: Type.Boolean(),
	applyObjects: Type.Boolean(),
	applyQuiz: Type.Boolean(),
});
const PlaceContentResponse = Type.Composite([
	AppliedResponse,
	Type.Object({
		terrain: Type.Union([LessonContentSchema.properties.terrain, Type.Null()]),
		objects: Type.Union([LessonContentSchema.properties.objects, Type.Null()]),
		quiz: Type.Union([Type.Object({ questions: Type.Array(PublicQuestionSchema) }), Type.Null()]),
	}),
]);

export const contentRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const db = () => app.core.database.db;
	const limits = classroomRateLimit(app.core.config);
	const anyCaller = requireCaller(db);
	const llm = llmFromConfig(app.core.config);

	app.post(
		"/generate-content",
		{ preHandler: anyCaller, config: { ...limits, rateCategory: "contentGeneration" }, schema: { tags: ["classroom"], summary: "Generate educational content", security: [{ bearerAuth: [] }, { apiKey: [] }], body: GenerateBody, response: { 200: GeneratedResponse } } },
		async (request) => {
			const caller = callerOf(request);
			const { seed: givenSeed, ...lessonRequest } = request.body;
			const seed = givenSeed ?? Math.floor(Math.random() * 2 ** 31);
			const content = await generateLesson(lessonRequest, { seed, llm });
			const stored = await db().transaction(async (tx) => {
				const stored = await createContentStore(tx).save({ id: newContentId(), schoolId: caller.schoolId, request: lessonRequest, content, seed, createdBy: actorLabel(caller) });
				await audit(tx, request, { action: "content.generate", targetType: "content", targetId: stored.id, schoolId: caller.schoolId, actor: auditActor(caller) });
				return stored;
			});
			return { contentId: stored.id, status: "generated" as const, content, generatedAt: stored.createdAt.toISOString() };
		},
	);

	app.get(
		"/content/:content_id",
		{ preHandler: anyCaller, config: limits, schema: { tags: ["classroom"], summary: "A stored lesson", security: [{ bearerAuth: [] }, { apiKey: [] }], params: ContentParams, response: { 200: GeneratedResponse } } },
		async (request) => {
			const caller = callerOf(request);
			const stored = await createContentStore(db()).get(request.params.content_id, caller.schoolId);
			if (!stored) throw notFound("Content");
			const hints = caller.kind !== "place" || (await placeHintsAllowed(db(), caller.schoolId, caller.placeId, app.core.clock()));
			return { contentId: stored.id, status: "generated" as const, content: hints ? stored.content : withoutHints(stored.content), generatedAt: stored.createdAt.toISOString() };
		},
	);

	app.post(
		"/apply-content",
		{ preHandler: anyCaller, config: limits, schema: { tags: ["classroom"], summary: "Apply content to a place", security: [{ bearerAuth: [] }, { apiKey: [] }], body: ApplyBody, response: { 200: AppliedResponse } } },
		async (request) => {
			const caller = callerOf(request);
			const body = request.body;
			assertPlace(caller, body.placeId);
			const now = new Date(app.core.clock());
			const row = await db().transaction(async (tx) => {
				if (!(await createContentStore(tx).get(body.contentId, caller.schoolId))) throw notFound("Content");
				const values = { schoolId: caller.schoolId, placeId: body.placeId, contentId: body.contentId, applyTerrain: body.applyTerrain, applyObjects: body.applyObjects, applyQuiz: body.applyQuiz, appliedAt: now, appliedBy: actorLabel(caller) };
				const [row] = await tx
					.insert(appliedContent)
					.values({ ...values, revision: 1 })
					.onConflictDoUpdate({ target: [appliedContent.schoolId, appliedContent.placeId], set: { ...values, revision: sql`${appliedContent.revision} + 1` } })
					.returning();
				await audit(tx, request, { action: "content.apply", targetType: "place", targetId: body.placeId, schoolId: caller.schoolId, actor: auditActor(caller), details: { contentId: body.contentId, revision: row.revision } });
				return row;
			});
			return presentApplied(row);
		},
	);

	app.get(
		"/places/:place_id/content",
		{
			preHandler: anyCaller, config: limits,
			schema: {
				tags: ["classroom"],
				summary: "Content applied to a place (poll with If-None-Match; 304 when unchanged)",
				security: [{ bearerAuth: [] }, { apiKey: [] }],
				params: PlaceParams,
				headers: Type.Object({ "if-none-match": Type.Optional(Type.String({ maxLength: 200 })) }),
				response: { 200: PlaceContentResponse, 304: Type.Null() },
			},
		},
		async (request, reply) => {
			const caller = callerOf(request);
			assertPlace(caller, request.params.place_id);
			const [row] = await db()
				.select()
				.from(appliedContent)
				.where(and(eq(appliedContent.schoolId, caller.schoolId), eq(appliedContent.placeId, request.params.place_id)));
			if (!row) throw notFound("Applied content for this place");
			const applied = presentApplied(row);
			reply.header("etag", applied.etag).header("cache-control", "no-cache");
			const ifNoneMatch = request.headers["if-none-match"];
			if (ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).some((tag) => tag.replace(/^W\//, "") === applied.etag || tag === "*")) {
				return reply.code(304).send(null);
			}
			const stored = await createContentStore(db()).get(row.contentId, caller.schoolId);
			if (!stored) throw notFound("Content");
			// The teacher app shows when the live place picked the lesson up: its first full fetch of a revision.
			if (caller.kind === "place" && row.pickedUpRevision !== row.revision) {
				await db()
					.update(appliedContent)
					.set({ pickedUpRevision: row.revision, pickedUpAt: new Date(app.core.clock()) })
					.where(and(eq(appliedContent.schoolId, caller.schoolId), eq(appliedContent.placeId, row.placeId), eq(appliedContent.revision, row.revision)));
			}
			const allowHints = await placeHintsAllowed(db(), caller.schoolId, request.params.place_id, app.core.clock());
			return {
				...applied,
				terrain: row.applyTerrain ? stored.content.terrain : null,
				objects: row.applyObjects ? stored.content.objects : null,
				quiz: row.applyQuiz ? { questions: stored.content.quiz.questions.map((q) => sessionQuestion(q, { allowHints })) } : null,
			};
		},
	);
};

/** A place key speaks only for its own place. */
function assertPlace(caller: Caller, placeId: string): void {
	if (caller.kind === "place" && caller.placeId !== placeId) throw forbidden("This place key belongs to another place");
}

function presentApplied(row: typeof appliedContent.$inferSelect) {
	return {
		contentId: row.contentId,
		placeId: row.placeId,
		status: "applied" as const,
		revision: row.revision,
		etag: `"${row.contentId}.${row.revision}"`,
		appliedAt: row.appliedAt.toISOString(),
		applyTerrain: row.applyTerrain,
		applyObjects: row.applyObjects,
		applyQuiz: row.applyQuiz,
	};
}
