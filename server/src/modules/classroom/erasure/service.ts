import { and, eq, inArray, sql } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Config } from "../../../config.js";
import type { Db, Tx } from "../../../db/client.js";
import { apiKeys } from "../../../db/tables.js";
import { audit, type AuditEntry } from "../../../http/audit.js";
import { AppError } from "../../../http/errors.js";
import { OpenCloudClient } from "../../roblox/cloud/openCloudClient.js";
import { PLACE_KEY_KIND } from "../caller.js";
import { classroomSessions, playerAchievements, progressEvents, quizAnswers, sessionPlayers } from "../tables.js";

/** The place's profile DataStore and scope when nobody names another (ClassroomConfig.profileStore). */
export const DEFAULT_PROFILE_STORE = { dataStore: "ClassroomProfiles_v1", scope: "global" } as const;

export interface ErasureRequest {
	robloxUserId: string;
	schoolId: string;
	/** The place's profile DataStore (ClassroomConfig.profileStore) and scope. */
	dataStore: string;
	scope: string;
}

export type EntryOutcome = "deleted" | "absent" | "failed";

export interface DeletedCounts {
	sessionPlayers: number;
	quizAnswers: number;
	progressEvents: number;
	achievements: number;
}

export interface DataStoreErasure {
	/** not_configured: no ROBLOX_OPEN_CLOUD_API_KEY, so DataStore entries were not touched. */
	status: "done" | "partial" | "not_configured";
	entries: { universeId: string; dataStore: string; scope: string; key: string; outcome: EntryOutcome; error?: string }[];
}

export interface ErasureResult {
	robloxUserId: string;
	deleted: DeletedCounts;
	dataStores: DataStoreErasure;
}

/**
 * Right to Erasure for one Roblox user in one school (the admin route): the school's classroom
 * data (eraseClassroomData), then the player's profile entry in every universe the school has
 * place keys for (eraseDataStoreEntries).
 */
export async function erasePlayer(db: Db, config: Config, request: FastifyRequest, erase: ErasureRequest): Promise<ErasureResult> {
	const { robloxUserId, schoolId } = erase;
	const deleted = await db.transaction((tx) => eraseClassroomData(tx, request, robloxUserId, schoolId));
	const universes = config.ROBLOX_OPEN_CLOUD_API_KEY ? await schoolUniverses(db, schoolId) : [];
	return { robloxUserId, deleted, dataStores: await eraseDataStoreEntries(config, universes, erase) };
}

/**
 * Deletes what the classroom stores under a Roblox user id in one school (session rosters, quiz
 * answers, progress reports, achievements; analytics are computed from these, so they go too),
 * audited with the counts only. Run it inside the caller's transaction.
 */
export async function eraseClassroomData(tx: Tx, request: FastifyRequest | undefined, robloxUserId: string, schoolId: string, auditExtra: Pick<AuditEntry, "actor" | "details"> = {}): Promise<DeletedCounts> {
	const sessions = tx.select({ id: classroomSessions.id }).from(classroomSessions).where(eq(classroomSessions.schoolId, schoolId));
	const answers = await tx.delete(quizAnswers).where(and(eq(quizAnswers.playerId, robloxUserId), inArray(quizAnswers.sessionId, sessions))).returning({ id: quizAnswers.questionId });
	const roster = await tx.delete(sessionPlayers).where(and(eq(sessionPlayers.playerId, robloxUserId), inArray(sessionPlayers.sessionId, sessions))).returning({ id: sessionPlayers.sessionId });
	const progress = await tx.delete(progressEvents).where(and(eq(progressEvents.playerId, robloxUserId), eq(progressEvents.schoolId, schoolId))).returning({ id: progressEvents.id });
	const achievements = await tx
		.delete(playerAchievements)
		.where(and(eq(playerAchievements.playerId, robloxUserId), eq(playerAchievements.schoolId, schoolId)))
		.returning({ id: playerAchievements.achievementId });
	const counts = { sessionPlayers: roster.length, quizAnswers: answers.length, progressEvents: progress.length, achievements: achievements.length };
	// The audit keeps that an erasure happened and its counts, not the erased data.
	await audit(tx, request, { action: "player.erase", targetType: "roblox_user", targetId: robloxUserId, schoolId, actor: auditExtra.actor, details: { ...auditExtra.details, ...counts } });
	return counts;
}

/** The universes a school has place keys for (revoked keys too: the place may still hold profiles). */
export async function schoolUniverses(db: Db, schoolId: string): Promise<string[]> {
	const keys = await db.select({ scope: apiKeys.scope }).from(apiKeys).where(and(eq(apiKeys.kind, PLACE_KEY_KIND), eq(apiKeys.schoolId, schoolId)));
	return universeIds(keys);
}

/**
 * The schools with a place key (revoked ones too) in one of these universes, and which of the
 * universes are ours at all: Roblox's erasure webhook names the user's games by universe id.
 */
export async function schoolsInUniverses(db: Db, universes: readonly string[]): Promise<{ schoolIds: string[]; universes: string[] }> {
	if (universes.length === 0) return { schoolIds: [], universes: [] };
	const universeOf = sql<string>`${apiKeys.scope}->>'universeId'`;
	const keys = await db
		.select({ schoolId: apiKeys.schoolId, scope: apiKeys.scope })
		.from(apiKeys)
		.where(and(eq(apiKeys.kind, PLACE_KEY_KIND), inArray(universeOf, [...universes])));
	const schoolIds = [...new Set(keys.map((k) => k.schoolId).filter((id): id is string => typeof id === "string"))].sort();
	return { schoolIds, universes: universeIds(keys) };
}

/**
 * Deletes the player's profile entry (`player_<id>`, the key the place tags with their user id)
 * in each universe through Open Cloud DataStores v1. Idempotent: "absent" is success; without
 * ROBLOX_OPEN_CLOUD_API_KEY nothing is touched (not_configured).
 */
export async function eraseDataStoreEntries(config: Config, universes: readonly string[], target: { robloxUserId: string; dataStore: string; scope: string }): Promise<DataStoreErasure> {
	const apiKey = config.ROBLOX_OPEN_CLOUD_API_KEY;
	if (!apiKey) return { status: "not_configured", entries: [] };
	const cloud = new OpenCloudClient(config);
	const credential = { headers: { "x-api-key": apiKey }, kind: "api_key" as const };
	const key = `player_${target.robloxUserId}`;
	const entries: DataStoreErasure["entries"] = [];
	for (const universeId of universes) {
		const entry = { universeId, dataStore: target.dataStore, scope: target.scope, key };
		try {
			await cloud.call(credential, "DELETE", `datastores/v1/universes/${universeId}/standard-datastores/datastore/entries/entry`, {
				query: { datastoreName: target.dataStore, entryKey: key, scope: target.scope },
			});
			entries.push({ ...entry, outcome: "deleted" });
		} catch (error) {
			if (error instanceof AppError && error.statusCode === 404) entries.push({ ...entry, outcome: "absent" });
			else entries.push({ ...entry, outcome: "failed", error: error instanceof AppError ? error.code : "UPSTREAM_ERROR" });
		}
	}
	return { status: entries.some((e) => e.outcome === "failed") ? "partial" : "done", entries };
}

/** Distinct numeric universe ids of place-key scopes, sorted. */
function universeIds(keys: { scope: { universeId?: unknown } }[]): string[] {
	return [...new Set(keys.map((k) => String(k.scope.universeId ?? "")).filter((u) => /^\d+$/.test(u)))].sort();
}
