import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { and, eq, isNull } from "drizzle-orm";
import { apiKeys } from "../../../db/tables.js";
import { callerOf, PLACE_KEY_KIND, classroomRateLimit, requireCaller } from "../caller.js";
import { security } from "../schema.js";
import { appliedContent } from "../tables.js";

/**
 * GET /v2/roblox/places: the school's places, as registered by minting place keys, with what is
 * applied to each and whether the live place has picked it up (its poll fetched that revision).
 */
const Applied = Type.Object({
	contentId: Type.String(),
	revision: Type.Integer(),
	appliedAt: Type.String(),
	pickedUpRevision: Type.Union([Type.Integer(), Type.Null()]),
	pickedUpAt: Type.Union([Type.String(), Type.Null()]),
	/** True when the live place fetched the current revision. */
	live: Type.Boolean(),
});
const Place = Type.Object({
	placeId: Type.String(),
	universeId: Type.String(),
	name: Type.String(),
	activeKeys: Type.Integer(),
	lastUsedAt: Type.Union([Type.String(), Type.Null()]),
	applied: Type.Union([Applied, Type.Null()]),
});

export const placesRoute: FastifyPluginAsyncTypebox = async (app) => {
	const db = () => app.core.database.db;
	app.get(
		"/places",
		{ preHandler: requireCaller(db, { places: false }), config: classroomRateLimit(app.core.config), schema: { tags: ["classroom"], summary: "Your school's places, what is applied to each and whether the live place picked it up", security, response: { 200: Type.Object({ places: Type.Array(Place) }) } } },
		async (request) => {
			const schoolId = callerOf(request).schoolId;
			const keys = await db().select().from(apiKeys).where(and(eq(apiKeys.schoolId, schoolId), eq(apiKeys.kind, PLACE_KEY_KIND), isNull(apiKeys.revokedAt)));
			const applied = new Map((await db().select().from(appliedContent).where(eq(appliedContent.schoolId, schoolId))).map((row) => [row.placeId, row]));
			const places = new Map<string, { placeId: string; universeId: string; name: string; activeKeys: number; lastUsedAt: Date | null }>();
			for (const key of keys) {
				const placeId = String(key.scope.placeId ?? "");
				const entry = places.get(placeId) ?? { placeId, universeId: String(key.scope.universeId ?? ""), name: key.name, activeKeys: 0, lastUsedAt: null };
				entry.activeKeys++;
				if (key.lastUsedAt && (!entry.lastUsedAt || key.lastUsedAt > entry.lastUsedAt)) entry.lastUsedAt = key.lastUsedAt;
				places.set(placeId, entry);
			}
			return {
				places: [...places.values()]
					.sort((a, b) => a.placeId.localeCompare(b.placeId))
					.map((p) => {
						const row = applied.get(p.placeId);
						return {
							...p,
							lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
							applied: row
								? { contentId: row.contentId, revision: row.revision, appliedAt: row.appliedAt.toISOString(), pickedUpRevision: row.pickedUpRevision, pickedUpAt: row.pickedUpAt?.toISOString() ?? null, live: row.pickedUpRevision === row.revision }
								: null,
						};
					}),
			};
		},
	);
};
