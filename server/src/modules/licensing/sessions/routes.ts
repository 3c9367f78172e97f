import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { badRequest } from "../../../http/errors.js";
import type { LicensingContext } from "../context.js";
import { requireOwnerKey } from "../ownerAuth.js";
import { PAGE_CAP, ScriptParams, SessionDetailSchema, SessionSchema, SessionsBody, SessionsFilterQuery, Success, Uuid, withSuccess } from "../schema.js";
import { emptyBodyAsObject, OWNER_DOC } from "../scripts/routes.js";
import { disconnectSessions, getSession, listSessions } from "./service.js";

const LIST_RULES = `Live sessions only (not ended, heartbeat within the last 3 intervals), newest first. \`from\` beyond the end gives []; \`limit\` 0 gives []; \`limit\` above ${PAGE_CAP} is served as ${PAGE_CAP}; negative or fractional values are 400 VALIDATION_ERROR. Default limit 50.`;
const SessionParams = Type.Object({ script_id: Uuid, session_id: Uuid });
const DisconnectBody = Type.Object(
	{
		session_ids: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: PAGE_CAP, uniqueItems: true })),
		all: Type.Optional(Type.Literal(true, { description: "Disconnect every open session of the script" })),
	},
	{ additionalProperties: false },
);

/** The spec's session routes plus session get and disconnect. Owner key required. */
export const sessionRoutes: FastifyPluginAsyncTypebox<{ ctx: LicensingContext }> = async (app, { ctx }) => {
	app.addHook("preHandler", requireOwnerKey(ctx.db));

	app.post(
		"/scripts/:script_id/sessions",
		{
			preValidation: emptyBodyAsObject,
			schema: { ...OWNER_DOC, summary: "Getting sessions", description: `${LIST_RULES} The body may be omitted.`, params: ScriptParams, body: SessionsBody, response: { 200: withSuccess({ sessions: Type.Array(SessionSchema) }) } },
		},
		async (request) => ({ success: true as const, sessions: await listSessions(ctx, request, request.params.script_id, request.body) }),
	);

	app.get(
		"/scripts/:script_id/sessions/filter",
		{
			schema: {
				...OWNER_DOC,
				summary: "Filtering sessions",
				description: `${LIST_RULES} Filters combine with AND. \`key\` is a licence key id (the sessions' \`user_key\`) or the licence key itself.`,
				params: ScriptParams,
				querystring: SessionsFilterQuery,
				response: { 200: withSuccess({ sessions: Type.Array(SessionSchema) }) },
			},
		},
		async (request) => ({ success: true as const, sessions: await listSessions(ctx, request, request.params.script_id, request.query) }),
	);

	app.get(
		"/scripts/:script_id/sessions/:session_id",
		{
			schema: { ...OWNER_DOC, summary: "Get one session (live, dead or ended)", params: SessionParams, response: { 200: withSuccess({ session: SessionDetailSchema }) } },
		},
		async (request) => ({ success: true as const, session: await getSession(ctx, request, request.params.script_id, request.params.session_id) }),
	);

	app.post(
		"/scripts/:script_id/sessions/:session_id/disconnect",
		{
			schema: {
				...OWNER_DOC,
				summary: "Disconnect one session",
				description: "Ends the session; the game server's next heartbeat answers `terminate` with reason `disconnected`. Already ended: no change.",
				params: SessionParams,
				response: { 200: Success },
			},
		},
		async (request) => {
			await getSession(ctx, request, request.params.script_id, request.params.session_id);
			await disconnectSessions(ctx, request, request.params.script_id, { sessionIds: [request.params.session_id] });
			return { success: true as const };
		},
	);

	app.post(
		"/scripts/:script_id/sessions/disconnect",
		{
			schema: {
				...OWNER_DOC,
				summary: "Disconnect many sessions",
				description: "Body: `session_ids` (up to 1000) or `all: true`. Answers how many open sessions were ended; ids of other scripts are ignored.",
				params: ScriptParams,
				body: DisconnectBody,
				response: { 200: withSuccess({ disconnected: Type.Integer() }) },
			},
		},
		async (request) => {
			const { session_ids, all } = request.body;
			if (!session_ids && !all) throw badRequest("Give session_ids or all: true", { field: "session_ids" });
			const disconnected = await disconnectSessions(ctx, request, request.params.script_id, { sessionIds: session_ids, all });
			return { success: true as const, disconnected };
		},
	);
};
