import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { forbidden } from "../../../http/errors.js";
import { callerOf, classroomRateLimit, requireCaller } from "../caller.js";
import { erasePlayer } from "./service.js";

const Params = Type.Object({ robloxUserId: Type.String({ pattern: "^[0-9]{1,20}$", description: "The Roblox user id to erase" }) });
const Query = Type.Object(
	{
		dataStore: Type.String({ minLength: 1, maxLength: 50, default: "ClassroomProfiles_v1", description: "The place's profile DataStore (ClassroomConfig.profileStore)" }),
		scope: Type.String({ minLength: 1, maxLength: 50, default: "global" }),
	},
	{ additionalProperties: false },
);
const Entry = Type.Object({
	universeId: Type.String(),
	dataStore: Type.String(),
	scope: Type.String(),
	key: Type.String(),
	outcome: Type.Union([Type.Literal("deleted"), Type.Literal("absent"), Type.Literal("failed")]),
	error: Type.Optional(Type.String()),
});
const Erased = Type.Object({
	robloxUserId: Type.String(),
	deleted: Type.Object({ sessionPlayers: Type.Integer(), quizAnswers: Type.Integer(), progressEvents: Type.Integer(), achievements: Type.Integer() }),
	dataStores: Type.Object({
		status: Type.Union([Type.Literal("done"), Type.Literal("partial"), Type.Literal("not_configured")], {
			description: "not_configured: no ROBLOX_OPEN_CLOUD_API_KEY, DataStores untouched; partial: some entries failed (retry: it is idempotent)",
		}),
		entries: Type.Array(Entry),
	}),
});

/**
 * DELETE /v2/roblox/players/{robloxUserId}/data (school admins): Right to Erasure for a Roblox
 * user. Deletes the player's classroom data in the admin's school and, with an Open Cloud API
 * key configured, their profile entry in each of the school's universes. Safe to repeat.
 */
export const erasureRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const db = () => app.core.database.db;
	app.delete(
		"/players/:robloxUserId/data",
		{
			preHandler: requireCaller(db, { places: false }),
			config: classroomRateLimit(app.core.config),
			schema: {
				tags: ["classroom"],
				summary: "Erase a Roblox user's data (Right to Erasure; admins)",
				description:
					"Deletes the player's session rosters, quiz answers, progress reports and achievements in your school (analytics are computed from these), " +
					"and, when the backend has ROBLOX_OPEN_CLOUD_API_KEY, the DataStore entry `player_<robloxUserId>` of `dataStore` in every universe your school has place keys for. " +
					"Idempotent: repeating it reports zeros and `absent` entries.",
				security: [{ bearerAuth: [] }],
				params: Params,
				querystring: Query,
				response: { 200: Erased },
			},
		},
		async (request) => {
			const caller = callerOf(request);
			if (caller.kind !== "user" || caller.role !== "admin") throw forbidden("Only a school admin may erase a player's data");
			return erasePlayer(db(), app.core.config, request, { robloxUserId: request.params.robloxUserId, schoolId: caller.schoolId, dataStore: request.query.dataStore, scope: request.query.scope });
		},
	);
};
