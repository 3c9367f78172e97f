import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { and, desc, eq, isNull } from "drizzle-orm";
import { apiKeys } from "../../../db/tables.js";
import { audit } from "../../../http/audit.js";
import { notFound } from "../../../http/errors.js";
import { mintApiKey } from "../../../security/apiKeys.js";
import { callerOf, PLACE_KEY_KIND, PLACE_KEY_PREFIX, classroomRateLimit, requireCaller } from "../caller.js";

/**
 * Place keys: a teacher or admin mints one for their school and one Roblox universe/place. The
 * key is shown once, in the 201 response; only its SHA-256 is stored. `DELETE` revokes it at
 * once (the next request with it is 401).
 *
 *   POST   /v2/roblox/place-keys            { universeId, placeId, name? } -> 201 { id, key, ... }
 *   GET    /v2/roblox/place-keys            -> { keys: [...] } (no secrets)
 *   DELETE /v2/roblox/place-keys/{key_id}   -> { id, revokedAt }
 */
const RobloxId = Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_-]+$" });
const PlaceKey = Type.Object({
	id: Type.String(),
	name: Type.String(),
	hint: Type.String(),
	universeId: Type.String(),
	placeId: Type.String(),
	createdAt: Type.String(),
	lastUsedAt: Type.Union([Type.String(), Type.Null()]),
	revokedAt: Type.Union([Type.String(), Type.Null()]),
});

export const placeKeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const db = () => app.core.database.db;
	const limits = classroomRateLimit(app.core.config);
	const teacherOnly = requireCaller(db, { places: false });

	app.post(
		"/place-keys",
		{
			preHandler: teacherOnly, config: limits,
			schema: {
				tags: ["classroom"],
				summary: "Mint a place key for a Roblox universe/place of your school (shown once)",
				security: [{ bearerAuth: [] }],
				body: Type.Object({ universeId: RobloxId, placeId: RobloxId, name: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false }),
				response: { 201: Type.Composite([PlaceKey, Type.Object({ key: Type.String() })]) },
			},
		},
		async (request, reply) => {
			const caller = callerOf(request);
			const { universeId, placeId, name = "" } = request.body;
			const minted = mintApiKey(PLACE_KEY_PREFIX);
			const row = await db().transaction(async (tx) => {
				const [row] = await tx
					.insert(apiKeys)
					.values({ kind: PLACE_KEY_KIND, name, keyHash: minted.hash, hint: minted.hint, schoolId: caller.schoolId, ownerId: caller.id, scope: { universeId, placeId }, createdAt: new Date(app.core.clock()) })
					.returning();
				await audit(tx, request, { action: "place_key.create", targetType: "api_key", targetId: row.id, schoolId: caller.schoolId, details: { universeId, placeId } });
				return row;
			});
			return reply.code(201).send({ ...present(row), key: minted.key });
		},
	);

	app.get(
		"/place-keys",
		{
			preHandler: teacherOnly, config: limits,
			schema: { tags: ["classroom"], summary: "Place keys of your school", security: [{ bearerAuth: [] }], response: { 200: Type.Object({ keys: Type.Array(PlaceKey) }) } },
		},
		async (request) => {
			const rows = await db()
				.select()
				.from(apiKeys)
				.where(and(eq(apiKeys.kind, PLACE_KEY_KIND), eq(apiKeys.schoolId, callerOf(request).schoolId)))
				.orderBy(desc(apiKeys.createdAt));
			return { keys: rows.map(present) };
		},
	);

	app.delete(
		"/place-keys/:key_id",
		{
			preHandler: teacherOnly, config: limits,
			schema: {
				tags: ["classroom"],
				summary: "Revoke a place key",
				security: [{ bearerAuth: [] }],
				params: Type.Object({ key_id: Type.String({ format: "uuid" }) }),
				response: { 200: Type.Object({ id: Type.String(), revokedAt: Type.String() }) },
			},
		},
		async (request) => {
			const caller = callerOf(request);
			const now = new Date(app.core.clock());
			const row = await db().transaction(async (tx) => {
				const [row] = await tx
					.update(apiKeys)
					.set({ revokedAt: now })
					.where(and(eq(apiKeys.id, request.params.key_id), eq(apiKeys.kind, PLACE_KEY_KIND), eq(apiKeys.schoolId, caller.schoolId), isNull(apiKeys.revokedAt)))
					.returning();
				if (!row) throw notFound("Place key");
				await audit(tx, request, { action: "place_key.revoke", targetType: "api_key", targetId: row.id, schoolId: caller.schoolId });
				return row;
			});
			return { id: row.id, revokedAt: now.toISOString() };
		},
	);
};

function present(row: typeof apiKeys.$inferSelect) {
	return {
		id: row.id,
		name: row.name,
		hint: row.hint,
		universeId: String(row.scope.universeId ?? ""),
		placeId: String(row.scope.placeId ?? ""),
		createdAt: row.createdAt.toISOString(),
		lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
		revokedAt: row.revokedAt?.toISOString() ?? null,
	};
}
