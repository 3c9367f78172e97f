import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { LicensingContext } from "../context.js";
import { requireOwnerKey } from "../ownerAuth.js";
import { PAGE_CAP, ScriptParams, withSuccess } from "../schema.js";
import { OWNER_DOC } from "../scripts/routes.js";
import { BlacklistBody, CreateKeyBody, CreatedKeySchema, EditKeyBody, KeyParams, KeySchema, KeysQuery } from "./schema.js";
import { changeKey, createKey, editChange, getKey, listKeys } from "./service.js";

const KeyResponse = { 200: withSuccess({ key: KeySchema }) };
const ON_HEARTBEAT = "Running servers with this key learn it on their next heartbeat";

/** Licence keys per licensee: create, list, get, edit (note, expiry, creator binding), expire, blacklist, unblacklist. */
export const keyRoutes: FastifyPluginAsyncTypebox<{ ctx: LicensingContext }> = async (app, { ctx }) => {
	app.addHook("preHandler", requireOwnerKey(ctx.db));

	app.post(
		"/scripts/:script_id/keys",
		{
			schema: {
				...OWNER_DOC,
				summary: "Create a licence key for a licensee",
				description: "Returns the key (`lk_...`) once. `expires_at` (ms) ends its validity; `roblox_id` binds it to one place creator.",
				params: ScriptParams,
				body: CreateKeyBody,
				response: { 200: withSuccess({ key: CreatedKeySchema }) },
			},
		},
		async (request) => ({ success: true as const, key: await createKey(ctx, request, request.params.script_id, request.body) }),
	);

	app.get(
		"/scripts/:script_id/keys",
		{
			schema: {
				...OWNER_DOC,
				summary: "List licence keys (newest first)",
				description: `Paginated like sessions: from/limit, limit 0 gives [], above ${PAGE_CAP} is served as ${PAGE_CAP}.`,
				params: ScriptParams,
				querystring: KeysQuery,
				response: { 200: withSuccess({ keys: Type.Array(KeySchema) }) },
			},
		},
		async (request) => ({ success: true as const, keys: await listKeys(ctx, request, request.params.script_id, request.query) }),
	);

	app.get(
		"/scripts/:script_id/keys/:key_id",
		{ schema: { ...OWNER_DOC, summary: "Get a licence key", params: KeyParams, response: KeyResponse } },
		async (request) => ({ success: true as const, key: await getKey(ctx, request, request.params.script_id, request.params.key_id) }),
	);

	app.post(
		"/scripts/:script_id/keys/:key_id/edit",
		{
			schema: {
				...OWNER_DOC,
				summary: "Edit a licence key's note, expiry or creator binding",
				description: `\`""\` sets a field to null, \`null\` or absent leaves it unchanged. ${ON_HEARTBEAT}.`,
				params: KeyParams,
				body: EditKeyBody,
				response: KeyResponse,
			},
		},
		async (request) => ({
			success: true as const,
			key: await changeKey(ctx, request, request.params.script_id, request.params.key_id, "licensing.key.edit", editChange(request.body)),
		}),
	);

	app.post(
		"/scripts/:script_id/keys/:key_id/expire",
		{
			schema: {
				...OWNER_DOC,
				summary: "Expire a licence key now",
				description: `Sets expires_at to now: verify answers 403 KEY_EXPIRED and sessions get \`terminate\`/\`expired\`. ${ON_HEARTBEAT}.`,
				params: KeyParams,
				response: KeyResponse,
			},
		},
		async (request) => ({
			success: true as const,
			key: await changeKey(ctx, request, request.params.script_id, request.params.key_id, "licensing.key.expire", { expiresAt: ctx.clock() }),
		}),
	);

	app.post(
		"/scripts/:script_id/keys/:key_id/blacklist",
		{
			schema: {
				...OWNER_DOC,
				summary: "Blacklist a licence key with a reason",
				description: `Verify answers 403 KEY_BLACKLISTED (with the reason); sessions get \`terminate\`/\`key_revoked\`. ${ON_HEARTBEAT}.`,
				params: KeyParams,
				body: BlacklistBody,
				response: KeyResponse,
			},
		},
		async (request) => ({
			success: true as const,
			key: await changeKey(ctx, request, request.params.script_id, request.params.key_id, "licensing.key.blacklist", {
				blacklisted: true,
				blacklistReason: request.body.reason,
			}),
		}),
	);

	app.post(
		"/scripts/:script_id/keys/:key_id/unblacklist",
		{
			schema: { ...OWNER_DOC, summary: "Lift a licence key's blacklist", description: "Terminated sessions stay ended; the server verifies again.", params: KeyParams, response: KeyResponse },
		},
		async (request) => ({
			success: true as const,
			key: await changeKey(ctx, request, request.params.script_id, request.params.key_id, "licensing.key.unblacklist", {
				blacklisted: false,
				blacklistReason: null,
			}),
		}),
	);
};
