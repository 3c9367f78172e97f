import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Static } from "@sinclair/typebox";
import { and, count, desc, eq, sum } from "drizzle-orm";
import { audit } from "../../../http/audit.js";
import { AppError, notFound } from "../../../http/errors.js";
import { createValidatorCompiler } from "../../../http/validation.js";
import { publishProgress, type ProgressRow } from "../../platform/progress/service.js";
import type { Tx } from "../../../db/client.js";
import { auditActor, callerOf, classroomRateLimit, requireCaller, type Caller } from "../caller.js";
import { CLOCK_SKEW_MS } from "../reportedTime.js";
import { publishEvent } from "../events.js";
import { PlayerParams, security } from "../schema.js";
import { assertPlaceMayUse, statusOf } from "../sessions/service.js";
import { classroomSessions, playerAchievements, progressEvents, sessionPlayers } from "../tables.js";
import { mirrorToPlatform } from "./linkedPlatformProgress.js";
import { insertReports, memberKey, readBatchState } from "./reportStatements.js";
import { PlayerProgressResponse, ProgressBatch, ProgressBody, ProgressItem, ProgressWriteResponse } from "./schema.js";

type Report = Static<typeof ProgressItem>;

/**
 * Progress. `POST /progress` takes the spec's body, or an array of up to 100 of them (a game
 * server batches to stay far under Roblox's 500 HTTP requests/min). A report is identified by
 * (playerId, sessionId, timestamp): a retried batch records nothing twice and says which items
 * were duplicates. The whole batch is one transaction: a bad item (e.g. another school's
 * session) rejects all of it.
 */
export const progressRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const db = () => app.core.database.db;
	const limits = classroomRateLimit(app.core.config);
	const anyCaller = requireCaller(db);
	const compile = createValidatorCompiler();
	const validateItem = compile({ schema: ProgressItem, httpPart: "body", method: "POST", url: "/progress" }) as ValidatorFn;
	const validateBatch = compile({ schema: ProgressBatch, httpPart: "body", method: "POST", url: "/progress" }) as ValidatorFn;
	// One route, two body shapes: pick the validator by shape so errors name the real field
	// (`0.progress`) instead of a union's "must match a schema in anyOf".
	const validateBody: ValidatorFn = Object.assign(
		(data: unknown) => {
			const validate = Array.isArray(data) ? validateBatch : validateItem;
			const ok = validate(data);
			validateBody.errors = validate.errors;
			return ok;
		},
		{ errors: null as unknown },
	);

	app.post(
		"/progress",
		{
			preHandler: anyCaller, config: limits,
			schema: { tags: ["classroom"], summary: "Record progress (one report or an array of up to 100)", security, body: ProgressBody, response: { 200: ProgressWriteResponse } },
			validatorCompiler: (({ httpPart, schema, method, url }: Parameters<typeof compile>[0]) => (httpPart === "body" ? validateBody : compile({ schema, httpPart, method, url }))) as typeof compile,
		},
		async (request) => {
			const caller = callerOf(request);
			const reports = (Array.isArray(request.body) ? request.body : [request.body]) as Report[];
			const recordedAt = new Date(app.core.clock());
			const { results, mirrored } = await db().transaction(async (tx) => {
				await assertReportsAllowed(tx, caller, reports, Array.isArray(request.body));
				const inserted = await insertReports(
					tx,
					caller.schoolId,
					recordedAt,
					reports.map((r) => ({
						player_id: r.playerId,
						session_id: r.sessionId,
						lesson_id: r.lessonId,
						progress: Math.round(r.progress),
						score: r.score ?? 0,
						achievements: r.achievements ?? [],
						at: new Date(r.timestamp).toISOString(),
					})),
				);
				const fresh = new Set(inserted.map((i) => `${i.player_id}|${i.session_id}|${i.at_ms}`));
				const seen = new Set<string>();
				const results = reports.map((r) => {
					const key = `${r.playerId}|${r.sessionId}|${new Date(r.timestamp).getTime()}`;
					const recorded = fresh.has(key) && !seen.has(key);
					seen.add(key);
					return { report: r, status: recorded ? ("recorded" as const) : ("duplicate" as const) };
				});
				const achievements = results
					.filter((x) => x.status === "recorded")
					.flatMap(({ report }) => (report.achievements ?? []).map((id) => ({ schoolId: caller.schoolId, playerId: report.playerId, achievementId: id, unlockedAt: new Date(report.timestamp) })));
				if (achievements.length) await tx.insert(playerAchievements).values(achievements).onConflictDoNothing();
				const mirrored: ProgressRow[] = [];
				for (const { report, status } of results) {
					if (status !== "recorded") continue;
					const row = await mirrorToPlatform(tx, caller.schoolId, { playerId: report.playerId, lessonId: report.lessonId, progress: report.progress, at: new Date(report.timestamp) });
					if (row) mirrored.push(row);
				}
				await audit(tx, request, { action: "progress.record", targetType: "progress", schoolId: caller.schoolId, actor: auditActor(caller), details: { reports: reports.length, recorded: inserted.length } });
				return { results, mirrored };
			});
			// Published together, not one round trip after another: a hub sends them in call order
			// (one Redis connection), so each topic still hears them in the batch's order.
			await Promise.all([
				...results
					.filter(({ status }) => status === "recorded")
					.map(({ report }) => publishEvent(app.core.hub, caller.schoolId, { type: "progress_updated", sessionId: report.sessionId, playerId: report.playerId, progress: report.progress, score: report.score ?? 0 })),
				...mirrored.map((row) => publishProgress(app.core.hub, row)),
			]);
			const accepted = results.filter((r) => r.status === "recorded").length;
			return {
				accepted,
				duplicates: results.length - accepted,
				results: results.map(({ report, status }) => ({ playerId: report.playerId, sessionId: report.sessionId, timestamp: report.timestamp, status })),
			};
		},
	);

	app.get(
		"/progress/:player_id",
		{ preHandler: anyCaller, config: limits, schema: { tags: ["classroom"], summary: "A player's progress", security, params: PlayerParams, response: { 200: PlayerProgressResponse } } },
		async (request) => {
			const caller = callerOf(request);
			const playerId = request.params.player_id;
			const events = await db()
				.select()
				.from(progressEvents)
				.where(and(eq(progressEvents.schoolId, caller.schoolId), eq(progressEvents.playerId, playerId)))
				.orderBy(desc(progressEvents.at), desc(progressEvents.id));
			const [quiz] = await db()
				.select({ sessions: count(), score: sum(sessionPlayers.score) })
				.from(sessionPlayers)
				.innerJoin(classroomSessions, eq(classroomSessions.id, sessionPlayers.sessionId))
				.where(and(eq(sessionPlayers.playerId, playerId), eq(classroomSessions.schoolId, caller.schoolId)));
			if (events.length === 0 && Number(quiz?.sessions ?? 0) === 0) throw notFound("Progress for this player");
			// Latest score per (session, lesson): each report carries the running score.
			const latest = new Map<string, number>();
			for (const e of events) if (!latest.has(`${e.sessionId}|${e.lessonId}`)) latest.set(`${e.sessionId}|${e.lessonId}`, e.score);
			const completed = new Set(events.filter((e) => e.progress >= 100).map((e) => e.lessonId));
			const achievements = await db()
				.select()
				.from(playerAchievements)
				.where(and(eq(playerAchievements.schoolId, caller.schoolId), eq(playerAchievements.playerId, playerId)))
				.orderBy(playerAchievements.unlockedAt);
			return {
				playerId,
				totalScore: Number(quiz?.score ?? 0),
				progressScore: [...latest.values()].reduce((a, b) => a + b, 0),
				completedLessons: completed.size,
				achievements: achievements.map((a) => ({ id: a.achievementId, name: titleOf(a.achievementId), unlockedAt: a.unlockedAt.toISOString() })),
				currentSession: events.length ? await currentSession(events[0]) : null,
			};
		},
	);

	/** The session of the latest report while it is still running; time spent = since the player joined. */
	async function currentSession(event: typeof progressEvents.$inferSelect) {
		const [session] = await db().select().from(classroomSessions).where(eq(classroomSessions.id, event.sessionId));
		const now = app.core.clock();
		if (!session || statusOf(session, now) !== "active") return null;
		const [player] = await db()
			.select()
			.from(sessionPlayers)
			.where(and(eq(sessionPlayers.sessionId, session.id), eq(sessionPlayers.playerId, event.playerId)));
		const since = player?.joinedAt.getTime() ?? event.at.getTime();
		const until = player?.leftAt?.getTime() ?? now;
		return { sessionId: session.id, progress: event.progress, timeSpent: Math.max(0, Math.round((until - since) / 1000)) };
	}
};

type ValidatorFn = ((data: unknown) => boolean) & { errors?: unknown };

/**
 * Progress comes only from players in a live session: the session is the caller's (school, and
 * place for a place key), the player joined it, and the report is dated while the session ran and
 * the player was in it. Dates are the game server's: a batch reaches the backend after the moment
 * it describes, so a report dated before the end or the leave still counts (within the clock skew
 * a game server is allowed). One refused item refuses the batch, naming the item.
 */
async function assertReportsAllowed(tx: Tx, caller: Caller, reports: Report[], batched: boolean): Promise<void> {
	const { sessions, members } = await readBatchState(tx, caller.schoolId, [...new Set(reports.map((r) => r.sessionId))], [...new Set(reports.map((r) => r.playerId))]);
	for (const [index, report] of reports.entries()) {
		const field = (name: string) => (batched ? `${index}.${name}` : name);
		const session = sessions.get(report.sessionId);
		if (!session) throw new AppError(404, "NOT_FOUND", "Session not found", { field: field("sessionId") });
		assertPlaceMayUse(caller, session, field("sessionId"));
		const at = Date.parse(report.timestamp);
		const { endedAt } = session;
		if (at > endedAt + CLOCK_SKEW_MS) {
			const ended = session.status === "ended";
			throw new AppError(409, ended ? "SESSION_ENDED" : "SESSION_EXPIRED", `The session had ${ended ? "ended" : "expired"} at the report's time`, { field: field("timestamp"), endedAt: new Date(endedAt).toISOString() });
		}
		const player = members.get(memberKey(report.sessionId, report.playerId));
		if (!player) throw new AppError(409, "PLAYER_NOT_JOINED", "The player has not joined this session", { field: field("playerId") });
		if (player.leftAt !== null && at > player.leftAt + CLOCK_SKEW_MS) {
			throw new AppError(409, "PLAYER_NOT_JOINED", "The player had left the session at the report's time", { field: field("playerId"), reason: "left", leftAt: new Date(player.leftAt).toISOString() });
		}
	}
}

/** `first_quiz` -> `First Quiz`. */
const titleOf = (id: string) => id.split(/[_.-]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(" ");
