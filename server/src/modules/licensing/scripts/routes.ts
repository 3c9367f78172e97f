import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { desc, eq } from "drizzle-orm";
import type { LicensingContext } from "../context.js";
import { EXECUTION_DAYS } from "../executions.js";
import { owner, requireOwnerKey } from "../ownerAuth.js";
import { CreateScriptBody, EditScriptBody, ScriptParams, ScriptSchema, Success, ToggleBody, UpdateScriptBody, withSuccess } from "../schema.js";
import { licensingScripts } from "../tables.js";
import { createScript, editScript, executionsOf, ownedScript, presentScripts, removeScript, toggleScript, updateSource } from "./service.js";

export const OWNER_DOC = { tags: ["licensing"], security: [{ apiKey: [] }] } as const;
/** Lets a POST whose fields are all optional come without a body. */
export const emptyBodyAsObject = async (request: { body: unknown }) => {
	if (request.body === undefined || request.body === null) request.body = {};
};
const NOT_YOURS = "A script of another project answers 404 NOT_FOUND.";

/** Scripts: the spec's script routes plus create and list. Owner key required. */
export const scriptRoutes: FastifyPluginAsyncTypebox<{ ctx: LicensingContext }> = async (app, { ctx }) => {
	app.addHook("preHandler", requireOwnerKey(ctx.db));

	app.post(
		"/scripts",
		{
			schema: {
				...OWNER_DOC,
				summary: "Create a script in the owner key's project",
				description: "The new script is enabled, version 1 (its initial source is `script`, default empty).",
				body: CreateScriptBody,
				response: { 200: withSuccess({ script: ScriptSchema }) },
			},
		},
		async (request) => {
			const row = await createScript(ctx, request, request.body);
			const [script] = await presentScripts(ctx, [row]);
			return { success: true as const, script };
		},
	);

	app.get(
		"/scripts",
		{ schema: { ...OWNER_DOC, summary: "List the project's scripts (newest first)", response: { 200: withSuccess({ scripts: Type.Array(ScriptSchema) }) } } },
		async (request) => {
			const rows = await ctx.db
				.select()
				.from(licensingScripts)
				.where(eq(licensingScripts.projectId, owner(request).projectId))
				.orderBy(desc(licensingScripts.createdAt), desc(licensingScripts.id));
			return { success: true as const, scripts: await presentScripts(ctx, rows) };
		},
	);

	app.get(
		"/scripts/:script_id",
		{
			schema: {
				...OWNER_DOC,
				summary: "Getting script info",
				description: `total_instances counts live sessions (not ended, heartbeat within the last 3 intervals). ${NOT_YOURS}`,
				params: ScriptParams,
				response: { 200: withSuccess({ script: ScriptSchema }) },
			},
		},
		async (request) => {
			const [script] = await presentScripts(ctx, [await ownedScript(ctx.db, request, request.params.script_id)]);
			return { success: true as const, script };
		},
	);

	app.get(
		"/scripts/:script_id/executions",
		{
			schema: {
				...OWNER_DOC,
				summary: "Getting executions",
				description: `Successful verifications per UTC day as \`"MM/DD": count\`, for the last ${EXECUTION_DAYS} days including today, oldest first, days without executions as 0.`,
				params: ScriptParams,
				response: { 200: withSuccess({ executions: Type.Record(Type.String({ pattern: "^\\d{2}/\\d{2}$" }), Type.Integer()) }) },
			},
		},
		async (request) => {
			await ownedScript(ctx.db, request, request.params.script_id);
			return { success: true as const, executions: await executionsOf(ctx, request.params.script_id) };
		},
	);

	app.post(
		"/scripts/:script_id/edit",
		{
			schema: {
				...OWNER_DOC,
				summary: "Editing a script",
				description: 'Every field is optional. `name: ""` sets the name to null; `null` (or leaving a field out) leaves it unchanged.',
				params: ScriptParams,
				body: EditScriptBody,
				response: { 200: Success },
			},
		},
		async (request) => {
			await editScript(ctx, request, request.params.script_id, request.body);
			return { success: true as const };
		},
	);

	app.post(
		"/scripts/:script_id/remove",
		{
			schema: {
				...OWNER_DOC,
				summary: "Deleting a script",
				description: "Deletes the script with its keys, sessions and executions. Its game servers' next heartbeat answers 404 (re-verify then fails with 404).",
				params: ScriptParams,
				response: { 200: Success },
			},
		},
		async (request) => {
			await removeScript(ctx, request, request.params.script_id);
			return { success: true as const };
		},
	);

	app.post(
		"/scripts/:script_id/update",
		{
			schema: {
				...OWNER_DOC,
				summary: "Updating a script",
				description:
					"A source different from the current one becomes the next version (1, 2, 3...); the same source again changes nothing. `version` (an addition to the spec's response) is the current version after the call. With kick_outdated on, servers running an older version get `terminate`/`outdated` on their next heartbeat.",
				params: ScriptParams,
				body: UpdateScriptBody,
				response: { 200: withSuccess({ version: Type.Integer() }) },
			},
		},
		async (request) => {
			const version = await updateSource(ctx, request, request.params.script_id, request.body.script);
			return { success: true as const, version };
		},
	);

	app.post(
		"/scripts/:script_id/toggle",
		{
			schema: {
				...OWNER_DOC,
				summary: "Toggling a script",
				description: "`state: false` disables the script: verify answers 403 SCRIPT_DISABLED and every session's next heartbeat answers `terminate`/`disabled`.",
				params: ScriptParams,
				body: ToggleBody,
				response: { 200: Success },
			},
		},
		async (request) => {
			await toggleScript(ctx, request, request.params.script_id, request.body.state);
			return { success: true as const };
		},
	);
};
