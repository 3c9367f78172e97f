import { randomBytes } from "node:crypto";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { and, eq } from "drizzle-orm";
import { audit } from "../../../http/audit.js";
import { notFound } from "../../../http/errors.js";
import { createContentStore, generateLesson, llmFromConfig, newContentId, type Difficulty, type StoredContent } from "../../content/index.js";
import { actorLabel, auditActor, callerOf, classroomRateLimit, requireCaller } from "../caller.js";
import { publishEvent } from "../events.js";
import { reportedTime } from "../reportedTime.js";
import { SessionParams, security } from "../schema.js";
import { classroomSessions, questionOpenings, sessionPlayers, type SessionSettings } from "../tables.js";
import { CreateSessionBody, JoinBody, LeaveBody, MembershipResponse, OpenBody, OpenQuestion, QuestionParams, SessionResponse } from "./schema.js";
import { assertActive, currentPlayerCount, findQuestion, loadPlayer, loadSession, sessionContent, sessionFull, sessionQuestion, statusOf, type SessionRow } from "./service.js";

/**
 * Sessions. Beyond the spec's create/join/leave:
 *   GET  /v2/roblox/sessions/{id}                               state, incl. the open question (no answer key)
 *   POST /v2/roblox/sessions/{id}/end                           ends it; later joins/answers get 409 SESSION_ENDED
 *   POST /v2/roblox/sessions/{id}/questions/{questionId}/open   opens a question: the server notes the time, and
 *        answers are scored by how long after this moment they arrive (T = settings.questionTimeLimit).
 *        A place key may send `{ openedAt }` (its own clock): answers carrying `answeredAt` are then
 *        timed on that clock instead (see ../reportedTime.ts). Re-opening keeps the first time(s).
 * A session past `expiresAt` reports status "expired" and refuses joins (409 SESSION_EXPIRED).
 */
export const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const db = () => app.core.database.db;
	const limits = classroomRateLimit(app.core.config);
	const anyCaller = requireCaller(db);
	const now = () => app.core.clock();

	app.post(
		"/sessions",
		{ preHandler: anyCaller, config: limits, schema: { tags: ["classroom"], summary: "Create a session", security, body: CreateSessionBody, response: { 201: SessionResponse } } },
		async (request, reply) => {
			const caller = callerOf(request);
			const body = request.body;
			const s = body.settings ?? {};
			const lesson = await createContentStore(db()).get(body.contentId, caller.schoolId);
			if (!lesson) throw notFound("Content");
			const difficulty = s.difficulty ?? difficultyOf(lesson);
			// A session at another difficulty than its lesson's runs on a variant generated at that difficulty.
			const variant = difficulty === difficultyOf(lesson) ? undefined : await generateLesson({ ...lesson.request, difficulty }, { seed: lesson.seed ?? undefined, llm: llmFromConfig(app.core.config) });
			const settings: SessionSettings = { allowHints: s.allowHints ?? true, timeLimit: s.timeLimit ?? 3600, difficulty, questionTimeLimit: s.questionTimeLimit ?? 30 };
			const createdAt = new Date(now());
			const row = await db().transaction(async (tx) => {
				let contentId = lesson.id;
				if (variant) {
					const saved = await createContentStore(tx).save({ id: newContentId(), schoolId: caller.schoolId, request: { ...lesson.request, difficulty }, content: variant, seed: lesson.seed ?? undefined, createdBy: actorLabel(caller) });
					await audit(tx, request, { action: "content.generate", targetType: "content", targetId: saved.id, schoolId: caller.schoolId, actor: auditActor(caller), details: { variantOf: lesson.id, difficulty } });
					contentId = saved.id;
				}
				const [row] = await tx
					.insert(classroomSessions)
					.values({
						id: `session_${randomBytes(8).toString("hex")}`,
						schoolId: caller.schoolId,
						contentId,
						placeId: caller.kind === "place" ? caller.placeId : null,
						maxPlayers: body.maxPlayers ?? 30,
						settings,
						createdBy: actorLabel(caller),
						createdAt,
						expiresAt: new Date(createdAt.getTime() + settings.timeLimit * 1000),
					})
					.returning();
				await audit(tx, request, { action: "session.create", targetType: "session", targetId: row.id, schoolId: caller.schoolId, actor: auditActor(caller) });
				return row;
			});
			return reply.code(201).send(await present(row, 0, null));
		},
	);

	app.get(
		"/sessions/:session_id",
		{ preHandler: anyCaller, config: limits, schema: { tags: ["classroom"], summary: "Session state", security, params: SessionParams, response: { 200: SessionResponse } } },
		async (request) => {
			const session = await loadSession(db(), callerOf(request), request.params.session_id);
			return present(session, await currentPlayerCount(db(), session.id), await openQuestion(session));
		},
	);

	app.post(
		"/sessions/:session_id/join",
		{ preHandler: anyCaller, config: limits, schema: { tags: ["classroom"], summary: "A player joins", security, params: SessionParams, body: JoinBody, response: { 200: MembershipResponse } } },
		async (request) => {
			const caller = callerOf(request);
			const { playerId, playerName } = request.body;
			const result = await db().transaction(async (tx) => {
				// The session row lock serialises joins, so maxPlayers holds under concurrency.
				const session = await loadSession(tx, caller, request.params.session_id, { lock: true });
				assertActive(session, now());
				const existing = await loadPlayer(tx, session.id, playerId);
				const inRoom = await currentPlayerCount(tx, session.id);
				if (existing && !existing.leftAt) return { session, currentPlayers: inRoom, joined: false };
				if (inRoom >= session.maxPlayers) throw sessionFull(session.maxPlayers);
				if (existing) {
					await tx.update(sessionPlayers).set({ leftAt: null, playerName }).where(and(eq(sessionPlayers.sessionId, session.id), eq(sessionPlayers.playerId, playerId)));
				} else {
					await tx.insert(sessionPlayers).values({ sessionId: session.id, playerId, playerName, joinedAt: new Date(now()) });
				}
				await audit(tx, request, { action: "session.join", targetType: "session", targetId: session.id, schoolId: caller.schoolId, actor: auditActor(caller), details: { playerId } });
				return { session, currentPlayers: inRoom + 1, joined: true };
			});
			if (result.joined) await publishEvent(app.core.hub, caller.schoolId, { type: "player_joined", sessionId: result.session.id, player: { id: playerId, name: playerName } });
			return { sessionId: result.session.id, playerId, status: "joined" as const, currentPlayers: result.currentPlayers, maxPlayers: result.session.maxPlayers };
		},
	);

	app.post(
		"/sessions/:session_id/leave",
		{ preHandler: anyCaller, config: limits, schema: { tags: ["classroom"], summary: "A player leaves", security, params: SessionParams, body: LeaveBody, response: { 200: MembershipResponse } } },
		async (request) => {
			const caller = callerOf(request);
			const { playerId } = request.body;
			return db().transaction(async (tx) => {
				const session = await loadSession(tx, caller, request.params.session_id, { lock: true });
				const player = await loadPlayer(tx, session.id, playerId);
				if (!player) throw notFound("Player in this session");
				if (!player.leftAt) {
					await tx.update(sessionPlayers).set({ leftAt: new Date(now()) }).where(and(eq(sessionPlayers.sessionId, session.id), eq(sessionPlayers.playerId, playerId)));
					await audit(tx, request, { action: "session.leave", targetType: "session", targetId: session.id, schoolId: caller.schoolId, actor: auditActor(caller), details: { playerId } });
				}
				return { sessionId: session.id, playerId, status: "left" as const, currentPlayers: await currentPlayerCount(tx, session.id), maxPlayers: session.maxPlayers };
			});
		},
	);

	app.post(
		"/sessions/:session_id/end",
		{ preHandler: anyCaller, config: limits, schema: { tags: ["classroom"], summary: "End a session", security, params: SessionParams, response: { 200: SessionResponse } } },
		async (request) => {
			const caller = callerOf(request);
			const row = await db().transaction(async (tx) => {
				const session = await loadSession(tx, caller, request.params.session_id, { lock: true });
				if (session.status === "ended") return session;
				const [row] = await tx.update(classroomSessions).set({ status: "ended", endedAt: new Date(now()) }).where(eq(classroomSessions.id, session.id)).returning();
				await audit(tx, request, { action: "session.end", targetType: "session", targetId: session.id, schoolId: caller.schoolId, actor: auditActor(caller) });
				return row;
			});
			return present(row, await currentPlayerCount(db(), row.id), null);
		},
	);

	app.post(
		"/sessions/:session_id/questions/:question_id/open",
		{
			// The body is optional (the spec's call has none): validate an absent one as {}.
			preValidation: async (request) => {
				request.body ??= {};
			},
			preHandler: anyCaller,
			config: limits,
			schema: { tags: ["classroom"], summary: "Open a question (starts its answer clock)", security, params: QuestionParams, body: OpenBody, response: { 200: OpenQuestion } },
		},
		async (request) => {
			const caller = callerOf(request);
			const at = now();
			const reported = reportedTime(caller, request.body.openedAt, "openedAt", at);
			const opened = await db().transaction(async (tx) => {
				const session = await loadSession(tx, caller, request.params.session_id, { lock: true });
				assertActive(session, at);
				findQuestion(await sessionContent(tx, session), request.params.question_id);
				await tx
					.insert(questionOpenings)
					.values({ sessionId: session.id, questionId: request.params.question_id, openedAt: new Date(at), reportedOpenedAt: reported === undefined ? null : new Date(reported) })
					.onConflictDoNothing();
				const [updated] = await tx.update(classroomSessions).set({ currentQuestionId: request.params.question_id }).where(eq(classroomSessions.id, session.id)).returning();
				return updated;
			});
			const current = await openQuestion(opened);
			if (!current) throw notFound("Question");
			return current;
		},
	);

	/** The difficulty a stored lesson was generated at (asked for, or that of its questions). */
	function difficultyOf(lesson: StoredContent): Difficulty {
		return lesson.request.difficulty ?? lesson.content.quiz.questions[0]?.difficulty ?? "medium";
	}

	async function openQuestion(session: SessionRow) {
		if (!session.currentQuestionId) return null;
		const [opening] = await db()
			.select()
			.from(questionOpenings)
			.where(and(eq(questionOpenings.sessionId, session.id), eq(questionOpenings.questionId, session.currentQuestionId)));
		if (!opening) return null;
		const { question } = findQuestion(await sessionContent(db(), session), session.currentQuestionId);
		const limit = session.settings.questionTimeLimit;
		return {
			questionId: question.id,
			openedAt: opening.openedAt.toISOString(),
			closesAt: new Date(opening.openedAt.getTime() + limit * 1000).toISOString(),
			timeLimit: limit,
			question: sessionQuestion(question, session.settings),
		};
	}

	async function present(row: SessionRow, currentPlayers: number, currentQuestion: Awaited<ReturnType<typeof openQuestion>>) {
		return {
			sessionId: row.id,
			status: statusOf(row, now()),
			maxPlayers: row.maxPlayers,
			currentPlayers,
			createdAt: row.createdAt.toISOString(),
			expiresAt: row.expiresAt.toISOString(),
			contentId: row.contentId,
			settings: row.settings,
			endedAt: row.endedAt?.toISOString() ?? null,
			currentQuestion,
		};
	}
};
