import { and, eq, inArray } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Config } from "../../../config.js";
import type { Db } from "../../../db/client.js";
import { apiKeys } from "../../../db/tables.js";
import { audit } from "../../../http/audit.js";
import { AppError } from "../../../http/errors.js";
import { OpenCloudClient } from "../../roblox/cloud/openCloudClient.js";
import { PLACE_KEY_KIND } from "../caller.js";
import { classroomSessions, playerAchievements, progressEvents, quizAnswers, sessionPlayers } from "../tables.js";

export interface ErasureRequest {
	robloxUserId: string;
	schoolId: string;
	/** The place's profile DataStore (ClassroomConfig.profileStore) and scope. */
	dataStore: string;
	scope: string;
}

export type EntryOutcome = "deleted" | "absent" | "failed";

export interface ErasureResult {
	robloxUserId: string;
	deleted: { sessionPlayers: number; quizAnswers: number; progressEvents: number; achievements: number };
	dataStores: {
		/** not_configured: no ROBLOX_OPEN_CLOUD_API_KEY, so DataStore entries were not touched. */
		status: "done" | "partial" | "not_configured";
		entries: { universeId: string; dataStore: string; scope: string; key: string; outcome: EntryOutcome; error?: string }[];
	};
}

/**
 * Right to Erasure for one Roblox user in one school: deletes what the classroom stores under
 * their user id (session rosters, quiz answers, progress reports, achievements; analytics are
 * computed from these, so they go too) in one transaction, then, with an Open Cloud API key,
 * the player's profile entry (`player_<id>`, the key the place tags with their user id) in every
 * universe the school has place keys for. DataStore deletes are idempotent: "absent" is success.
 */
export async function erasePlayer(db: Db, config: Config, request: FastifyRequest, erase: ErasureRequest): Promise<ErasureResult> {
	const { robloxUserId, schoolId } = erase;
	const deleted = await db.transaction(async (tx) => {
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
		await audit(tx, request, { action: "player.erase", targetType: "roblox_user", targetId: robloxUserId, schoolId, details: counts });
		return counts;
	});
	return { robloxUserId, deleted, dataStores: await eraseDataStoreEntries(db, config, erase) };
}

async function eraseDataStoreEntries(db: Db, config: Config, erase: ErasureRequest): Promise<ErasureResult["dataStores"]> {
	const apiKey = config.ROBLOX_OPEN_CLOUD_API_KEY;
	if (!apiKey) return { status: "not_configured", entries: [] };
	const keys = await db.select({ scope: apiKeys.scope }).from(apiKeys).where(and(eq(apiKeys.kind, PLACE_KEY_KIND), eq(apiKeys.schoolId, erase.schoolId)));
	const universes = [...new Set(keys.map((k) => String(k.scope.universeId ?? "")).filter((u) => /^\d+$/.test(u)))].sort();
	const cloud = new OpenCloudClient(config);
	const credential = { headers: { "x-api-key": apiKey }, kind: "api_key" as const };
	const key = `player_${erase.robloxUserId}`;
	const entries: ErasureResult["dataStores"]["entries"] = [];
	for (const universeId of universes) {
		const entry = { universeId, dataStore: erase.dataStore, scope: erase.scope, key };
		try {
			await cloud.call(credential, "DELETE", `datastores/v1/universes/${universeId}/standard-datastores/datastore/entries/entry`, {
				query: { datastoreName: erase.dataStore, entryKey: key, scope: erase.scope },
			});
			entries.push({ ...entry, outcome: "deleted" });
		} catch (error) {
			if (error instanceof AppError && error.statusCode === 404) entries.push({ ...entry, outcome: "absent" });
			else entries.push({ ...entry, outcome: "failed", error: error instanceof AppError ? error.code : "UPSTREAM_ERROR" });
		}
	}
	return { status: entries.some((e) => e.outcome === "failed") ? "partial" : "done", entries };
}
