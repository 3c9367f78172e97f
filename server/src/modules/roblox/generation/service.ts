import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import type { FastifyBaseLogger, FastifyRequest } from "fastify";
import type { Config } from "../../../config.js";
import { olderThan } from "../../../db/age.js";
import type { Db } from "../../../db/client.js";
import { users } from "../../../db/tables.js";
import { audit } from "../../../http/audit.js";
import { AppError, conflict, notFound } from "../../../http/errors.js";
import type { Principal } from "../../../http/tokens.js";
import type { JobQueue } from "../../../jobs/queue.js";
import { createContentStore, generateLesson, llmFromConfig, newContentId, type LessonRequest } from "../../content/index.js";
import { reviewFacts } from "../conversation/offer.js";
import { conversationNotReady, fromContext, type ConversationService } from "../conversation/service.js";
import { NEEDED_FOR_GENERATION, STAGES, missingFacts, type Facts, type Stage } from "../conversation/stages.js";
import { newId } from "../ids.js";
import { conversationChannel, generationChannel, type RealtimeEvent } from "../realtime/channels.js";
import type { RealtimeEvents } from "../realtime/events.js";
import { rojoProjectFiles, writeRojoProject } from "../rojo/projectWriter.js";
import { robloxConversations, robloxGenerations, robloxRojoProjects } from "../tables.js";
import type { WebhookDispatch } from "../webhooks/service.js";

export const GENERATION_JOB = "roblox.generate";

/** Where this process keeps generated projects on its own disk. */
export const rojoProjectsDir = (config: Pick<Config, "ROJO_PROJECTS_DIR" | "dataDir">): string => config.ROJO_PROJECTS_DIR ?? join(config.dataDir, "rojo-projects");
const ESTIMATED_SECONDS = 30;
const STALE_CODE = "GENERATION_INTERRUPTED";
const STALE_MESSAGE = "The server stopped before this generation finished; start it again";

export interface GenerateBody {
	session_id: string;
	requirements?: { environment_type?: string; interactive_elements?: string[]; difficulty?: "easy" | "medium" | "hard" };
}

/**
 * Lesson generation for a conversation: a job that runs the content module's generator, stores
 * the content, writes the Rojo project and records it, emitting generation-progress events
 * (10, 40, 70, 90) then generation-complete, or error-occurred on failure, on both the session's
 * generation and conversation channels. One generation per session runs at a time.
 */
export class GenerationService {
	constructor(
		private readonly db: Db,
		private readonly config: Config,
		private readonly jobs: JobQueue,
		private readonly events: RealtimeEvents,
		private readonly conversations: ConversationService,
		private readonly webhooks: WebhookDispatch,
		private readonly clock: () => number,
		private readonly log: FastifyBaseLogger,
	) {}

	get projectsDir(): string {
		return rojoProjectsDir(this.config);
	}

	async generate(request: FastifyRequest, user: Principal, body: GenerateBody) {
		const generationId = newId("gen");
		const projectId = newId("proj");
		const { before } = await this.db.transaction(async (tx) => {
			const [row] = await tx.select().from(robloxConversations).where(and(eq(robloxConversations.id, body.session_id), eq(robloxConversations.userId, user.id))).for("update");
			if (!row) throw notFound("Conversation session");
			const facts: Facts = { ...(row.facts as Facts), ...fromContext(body.requirements) };
			// The same review as every turn: nothing that cannot be built reaches the generator.
			const review = reviewFacts(facts, fromContext(body.requirements), this.conversations.offer);
			if (review.refused.includes("subject")) throw new AppError(400, "UNSUPPORTED_SUBJECT", review.notes.join(" "), { field: "subject", current_stage: row.stage });
			if (review.refused.length > 0) throw new AppError(400, "VALIDATION_ERROR", review.notes.join(" "), { field: review.refused[0], refused: review.refused, current_stage: row.stage });
			const missing = missingFacts(facts, NEEDED_FOR_GENERATION);
			if (missing.length > 0) throw conversationNotReady(missing, row.stage as Stage);
			const [running] = await tx.select({ id: robloxGenerations.id }).from(robloxGenerations).where(and(eq(robloxGenerations.sessionId, row.id), eq(robloxGenerations.status, "in_progress")));
			if (running) throw conflict("A generation is already running for this session", { generation_id: running.id });
			await tx.update(robloxConversations).set({ stage: "generation", facts: facts as Record<string, unknown>, updatedAt: new Date(this.clock()) }).where(eq(robloxConversations.id, row.id));
			await tx.insert(robloxGenerations).values({ id: generationId, sessionId: row.id, userId: user.id, projectId, status: "in_progress", progress: 0 });
			await audit(tx, request, { action: "roblox.generation.start", targetType: "generation", targetId: generationId, details: { session_id: row.id, project_id: projectId } });
			return { before: row.stage as Stage };
		});
		if (before !== "generation") await this.conversations.announce(body.session_id, before, STAGES.slice(STAGES.indexOf(before) + 1) as Stage[]);
		await this.jobs.enqueue(GENERATION_JOB, { generationId }, { attempts: 1 }).catch(async (error: unknown) => {
			// Not queued: a generation left in_progress would refuse every later start with 409.
			await this.db.update(robloxGenerations).set({ status: "failed", error: "The job queue was unavailable; start the generation again", completedAt: new Date(this.clock()) }).where(eq(robloxGenerations.id, generationId));
			throw error;
		});
		return { generation_id: generationId, project_id: projectId, status: "in_progress" as const, estimated_time: ESTIMATED_SECONDS, pusher_channel: generationChannel(body.session_id) };
	}

	/**
	 * Generations still in progress `staleMs` after they started: their job was lost (the
	 * embedded queue lives in the process; a restart drops it) and would otherwise refuse every
	 * later start on their session with 409. Marked failed, with the reason, and announced.
	 */
	async failStale(staleMs: number): Promise<number> {
		const stale = await this.db
			.update(robloxGenerations)
			.set({ status: "failed", error: `${STALE_CODE}: ${STALE_MESSAGE}`, completedAt: new Date(this.clock()) })
			.where(and(eq(robloxGenerations.status, "in_progress"), olderThan(robloxGenerations.createdAt, staleMs)))
			.returning({ id: robloxGenerations.id, sessionId: robloxGenerations.sessionId, projectId: robloxGenerations.projectId });
		for (const row of stale) {
			await this.emitBoth(row.sessionId, "error-occurred", { generation_id: row.id, session_id: row.sessionId, project_id: row.projectId, error_code: STALE_CODE, error_message: STALE_MESSAGE });
		}
		return stale.length;
	}

	async status(user: Principal, generationId: string) {
		const [row] = await this.db.select().from(robloxGenerations).where(and(eq(robloxGenerations.id, generationId), eq(robloxGenerations.userId, user.id)));
		if (!row) throw notFound("Generation");
		return {
			generation_id: row.id,
			session_id: row.sessionId,
			project_id: row.projectId,
			status: row.status,
			progress: row.progress,
			content_id: row.contentId,
			error: row.error,
			created_at: row.createdAt.toISOString(),
			completed_at: row.completedAt?.toISOString() ?? null,
		};
	}

	/** Job handler. Idempotent: a finished generation is left alone. */
	async run(generationId: string): Promise<void> {
		const [generation] = await this.db.select().from(robloxGenerations).where(eq(robloxGenerations.id, generationId));
		if (!generation || generation.status !== "in_progress") return;
		const [conversation] = await this.db.select().from(robloxConversations).where(eq(robloxConversations.id, generation.sessionId));
		const [owner] = await this.db.select({ schoolId: users.schoolId }).from(users).where(eq(users.id, generation.userId));
		const facts = conversation.facts as Facts;
		const emit = (event: RealtimeEvent, data: Record<string, unknown>) => this.emitBoth(generation.sessionId, event, { generation_id: generationId, session_id: generation.sessionId, project_id: generation.projectId, ...data });
		const progress = async (percent: number, stage: string, message: string) => {
			await this.db.update(robloxGenerations).set({ progress: percent }).where(eq(robloxGenerations.id, generationId));
			await emit("generation-progress", { progress: percent, stage, message });
		};

		try {
			await progress(10, "analyzing_requirements", "Reading the lesson plan");
			const lessonRequest = toLessonRequest(facts);
			const content = await generateLesson(lessonRequest, { llm: llmFromConfig(this.config) });
			await progress(40, "content_generated", `Generated ${content.quiz.questions.length} questions and ${content.objects.length} objects`);
			const contentId = newContentId();
			const name = projectName(facts);
			const files = rojoProjectFiles({ name, contentId, content });
			const written = await writeRojoProject(this.projectsDir, generation.projectId, files);
			await progress(70, "project_written", "Wrote the Rojo project");
			await progress(90, "saving", "Saving the content and the project");
			await this.db.transaction(async (tx) => {
				await createContentStore(tx).save({ id: contentId, schoolId: owner?.schoolId ?? null, request: lessonRequest, content, createdBy: generation.userId });
				await tx.insert(robloxRojoProjects).values({ id: generation.projectId, userId: generation.userId, sessionId: generation.sessionId, contentId, name, path: written.path, filesCount: written.files.length, files });
				await tx.update(robloxGenerations).set({ status: "completed", progress: 100, contentId, completedAt: new Date(this.clock()) }).where(eq(robloxGenerations.id, generationId));
				await audit(tx, undefined, { action: "roblox.generation.complete", targetType: "generation", targetId: generationId, details: { content_id: contentId, project_id: generation.projectId }, actor: { kind: "system", id: null } });
			});
			await emit("generation-complete", { content_id: contentId, files_generated: written.files.length, path: written.path, status: "success" });
			await this.webhooks.dispatch(generation.userId, "generation.complete", { session_id: generation.sessionId, project_id: generation.projectId, content_id: contentId, files_generated: written.files.length, status: "success" });
		} catch (error) {
			const e = error as Error;
			const code = error instanceof AppError ? error.code : "GENERATION_FAILED";
			this.log.error({ err: e, generationId }, "generation failed");
			await this.db.update(robloxGenerations).set({ status: "failed", error: `${code}: ${e.message}`.slice(0, 1000), completedAt: new Date(this.clock()) }).where(eq(robloxGenerations.id, generationId));
			await emit("error-occurred", { error_code: code, error_message: e.message });
		}
	}

	private async emitBoth(sessionId: string, event: RealtimeEvent, data: Record<string, unknown>): Promise<void> {
		await this.events.emit(generationChannel(sessionId), event, data);
		await this.events.emit(conversationChannel(sessionId), event, data);
	}
}

function toLessonRequest(facts: Facts): LessonRequest {
	// Every catalogue element asks questions (content/worlds): the world builder shares them out.
	const elements = (facts.interactive_elements ?? []).slice(0, 10);
	return {
		subject: facts.subject ?? "mathematics",
		gradeLevel: facts.grade_level ?? 5,
		learningObjectives: (facts.learning_objectives ?? []).slice(0, 20),
		environmentType: facts.environment_type,
		...(facts.theme && facts.theme !== "none" ? { theme: facts.theme } : {}),
		...(elements.length > 0 ? { elements } : {}),
		...(facts.question_count ? { maxQuestions: facts.question_count } : {}),
		...(facts.difficulty ? { difficulty: facts.difficulty } : {}),
	};
}

function projectName(facts: Facts): string {
	const slug = `${facts.subject ?? "lesson"}-grade-${facts.grade_level ?? "x"}-${facts.environment_type ?? "classroom"}`
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, "-")
		.replace(/^-|-$/g, "");
	return slug.slice(0, 80) || "lesson";
}
