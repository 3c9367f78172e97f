import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { requireUser } from "../../../http/authenticate.js";
import type { LicensingContext } from "../context.js";
import { Success, withSuccess } from "../schema.js";
import { emptyBodyAsObject } from "../scripts/routes.js";
import { CreateProjectBody, MintedOwnerKeySchema, MintKeyBody, OwnerKeyParams, OwnerKeySchema, ProjectParams, ProjectSchema } from "./schema.js";
import { createProject, listOwnerKeys, listProjects, mintOwnerKey, reassignProject, revokeOwnerKey } from "./service.js";

const DOC = { tags: ["licensing"], security: [{ bearerAuth: [] }] } as const;

/** Projects and their owner API keys, managed by platform admins and teachers (bearer JWT). */
export const projectRoutes: FastifyPluginAsyncTypebox<{ ctx: LicensingContext }> = async (app, { ctx }) => {
	app.addHook("preHandler", requireUser("admin", "teacher"));

	app.post(
		"/projects",
		{
			schema: {
				...DOC,
				summary: "Create a project (owner of scripts) and its first owner API key",
				description: "Requires an admin or teacher JWT. The owner key is returned once; send it as `Authorization: Bearer <owner key>` or `X-API-Key` to the script routes.",
				body: CreateProjectBody,
				response: { 200: withSuccess({ project: ProjectSchema, owner_key: MintedOwnerKeySchema }) },
			},
		},
		async (request) => ({ success: true as const, ...(await createProject(ctx, request, request.body.name)) }),
	);

	app.get(
		"/projects",
		{ schema: { ...DOC, summary: "List projects (a teacher's own; an admin's: all)", response: { 200: withSuccess({ projects: Type.Array(ProjectSchema) }) } } },
		async (request) => ({ success: true as const, projects: await listProjects(ctx, request) }),
	);

	app.post(
		"/projects/:project_id/owner-keys",
		{
			preValidation: emptyBodyAsObject,
			schema: { ...DOC, summary: "Mint another owner API key for a project", params: ProjectParams, body: MintKeyBody, response: { 200: withSuccess({ owner_key: MintedOwnerKeySchema }) } },
		},
		async (request) => ({ success: true as const, owner_key: await mintOwnerKey(ctx, request, request.params.project_id, request.body.name ?? "") }),
	);

	app.get(
		"/projects/:project_id/owner-keys",
		{ schema: { ...DOC, summary: "List a project's owner API keys (hints only)", params: ProjectParams, response: { 200: withSuccess({ owner_keys: Type.Array(OwnerKeySchema) }) } } },
		async (request) => ({ success: true as const, owner_keys: await listOwnerKeys(ctx, request, request.params.project_id) }),
	);

	app.put(
		"/projects/:project_id/owner",
		{
			preHandler: requireUser("admin"),
			schema: {
				...DOC,
				summary: "Re-assign a project to another owner (admins)",
				description:
					"A project's owner keys act on its owner's authority: they answer 401 while the owner is disabled or after the owner was deleted. Re-assigning the project to an active admin or teacher makes its keys work again.",
				params: ProjectParams,
				body: Type.Object({ owner_id: Type.String({ format: "uuid" }) }, { additionalProperties: false }),
				response: { 200: withSuccess({ project: ProjectSchema }) },
			},
		},
		async (request) => ({ success: true as const, project: await reassignProject(ctx, request, request.params.project_id, request.body.owner_id) }),
	);

	app.post(
		"/projects/:project_id/owner-keys/:key_id/revoke",
		{ schema: { ...DOC, summary: "Revoke an owner API key (answers 401 from then on)", params: OwnerKeyParams, response: { 200: Success } } },
		async (request) => {
			await revokeOwnerKey(ctx, request, request.params.project_id, request.params.key_id);
			return { success: true as const };
		},
	);
};
