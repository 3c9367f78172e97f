import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { and, desc, eq, isNull } from "drizzle-orm";
import { apiKeys, users } from "../../../db/tables.js";
import { audit } from "../../../http/audit.js";
import { badRequest, forbidden, notFound } from "../../../http/errors.js";
import { mintApiKey } from "../../../security/apiKeys.js";
import { callerOf, PLACE_KEY_KIND, PLACE_KEY_PREFIX, classroomRateLimit, requireCaller } from "../caller.js";

/**
 * Place keys: a teacher or admin mints one for their school and one Roblox universe/place. The
 * key is shown once, in the 201 response; only its SHA-256 is stored. `DELETE` revokes it at
 * once (the next request with it is 401). A key acts on its minting user's authority: it answers
 * 401 while that user is disabled, and after they are deleted until a school admin re-assigns it.
 *
 *   POST   /v2/roblox/place-keys            { universeId, placeId, name? } -> 201 { id, key, ... }
 *   GET    /v2/roblox/place-keys            -> { keys: [...] } (no secrets)
 *   DELETE /v2/roblox/place-keys/{key_id}   -> { id, revokedAt }
 *   PUT    /v2/roblox/place-keys/{key_id}/owner { ownerId } -> the key (admins)
 */
const RobloxId = Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_-]+$" });
const PlaceKey = Type.Object({
	id: Type.String(),
	name: Type.String(),
	hint: Type.String(),
	universeId: Type.String(),
	placeId: Type.String(),
	ownerId: Type.Union([Type.String(), Type.Null()], { description: "The user whose authority the key acts on; null once they were deleted (the key is suspended)." }),
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

	app.put(
		"/place-keys/:key_id/owner",
		{
			preHandler: teacherOnly, config: limits,
			schema: {
				tags: ["classroom"],
				summary: "Re-assign a place key to another teacher or admin of your school (admins)",
				description: "Use it when the key's minting user was disabled or deleted: the key works again on the new owner's authority.",
				security: [{ bearerAuth: [] }],
				params: Type.Object({ key_id: Type.String({ format: "uuid" }) }),
				body: Type.Object({ ownerId: Type.String({ format: "uuid" }) }, { additionalProperties: false }),
				response: { 200: PlaceKey },
			},
		},
		async (request) => {
			const caller = callerOf(request);
			if (caller.kind !== "user" || caller.role !== "admin") throw forbidden("Only admins re-assign place keys");
			const [owner] = await db().select({ role: users.role, status: users.status, schoolId: users.schoolId }).from(users).where(eq(users.id, request.body.ownerId));
			if (!owner || owner.status !== "active" || owner.schoolId !== caller.schoolId || (owner.role !== "teacher" && owner.role !== "admin")) {
				throw badRequest("body.ownerId must name an active teacher or admin of your school", { field: "ownerId", issue: "not an active teacher or admin of this school" });
			}
			const row = await db().transaction(async (tx) => {
				const [row] = await tx
					.update(apiKeys)
					.set({ ownerId: request.body.ownerId })
					.where(and(eq(apiKeys.id, request.params.key_id), eq(apiKeys.kind, PLACE_KEY_KIND), eq(apiKeys.schoolId, caller.schoolId), isNull(apiKeys.revokedAt)))
					.returning();
				if (!row) throw notFound("Place key");
				await audit(tx, request, { action: "place_key.reassign", targetType: "api_key", targetId: row.id, schoolId: caller.schoolId, details: { ownerId: request.body.ownerId } });
				return row;
			});
			return present(row);
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
		ownerId: row.ownerId,
		createdAt: row.createdAt.toISOString(),
		lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
		revokedAt: row.revokedAt?.toISOString() ?? null,
	};
}
