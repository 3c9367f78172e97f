import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { eq } from "drizzle-orm";
import type { Tx } from "../../../db/client.js";
import { audit } from "../../../http/audit.js";
import { principal, requireUser } from "../../../http/authenticate.js";
import { badRequest, notFound } from "../../../http/errors.js";
import { users } from "../../../db/tables.js";
import { Type } from "@sinclair/typebox";
import { mintApiKey } from "../../../security/apiKeys.js";
import { errorResponses, Success, success } from "../envelope.js";
import { botTenants, botWorkspaces } from "../tables.js";
import { presentWorkspace } from "./present.js";
import { CredentialsBody, IdParams, MintedKey, TenantBody, TenantView, WorkspaceBody, WorkspacePatch, WorkspaceView } from "./schema.js";

/**
 * /bot/admin: platform admins (JWT, role admin) manage tenants, workspaces, their one API key
 * (minting replaces the previous key; revoking leaves none) and sealed upstream credentials.
 * A key acts on the authority of the admin who minted it: it answers 401 while they are
 * disabled or once they are deleted, until another admin re-assigns it (PUT .../api-key/owner)
 * or mints a new one.
 */
export const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const { database, config, cipher } = app.core;
	const route = <S extends object>(summary: string, schema: S) => ({
		preHandler: requireUser("admin"),
		schema: { tags: ["bot admin"], summary, security: [{ bearerAuth: [] }], ...schema },
	});
	const errors = errorResponses(400, 401, 403, 404);

	app.post("/tenants", route("Create a tenant", { body: TenantBody, response: { 201: Success(TenantView), ...errors } }), async (request, reply) => {
		const row = await database.db.transaction(async (tx) => {
			const [tenant] = await tx.insert(botTenants).values({ name: request.body.name }).returning();
			await audit(tx, request, { action: "bot.tenant.create", targetType: "bot_tenant", targetId: tenant.id });
			return tenant;
		});
		reply.code(201);
		return success({ id: row.id, name: row.name, createdAt: row.createdAt.toISOString() });
	});

	app.post("/workspaces", route("Create a workspace", { body: WorkspaceBody, response: { 201: Success(WorkspaceView), ...errors } }), async (request, reply) => {
		const { tenantId, ...rest } = request.body;
		const row = await database.db.transaction(async (tx) => {
			const [tenant] = await tx.select().from(botTenants).where(eq(botTenants.id, tenantId));
			if (!tenant) throw notFound("Tenant");
			const [workspace] = await tx.insert(botWorkspaces).values({ tenantId, ...rest, discordGuildIds: rest.discordGuildIds ?? [] }).returning();
			await audit(tx, request, { action: "bot.workspace.create", targetType: "bot_workspace", targetId: workspace.id });
			return workspace;
		});
		reply.code(201);
		return success(presentWorkspace(row));
	});

	app.get("/workspaces/:id", route("Read a workspace", { params: IdParams, response: { 200: Success(WorkspaceView), ...errors } }), async (request) => {
		const [row] = await database.db.select().from(botWorkspaces).where(eq(botWorkspaces.id, request.params.id));
		if (!row) throw notFound("Workspace");
		return success(presentWorkspace(row));
	});

	app.patch("/workspaces/:id", route("Update a workspace (status, guilds, group, rate limit)", { params: IdParams, body: WorkspacePatch, response: { 200: Success(WorkspaceView), ...errors } }), async (request) => {
		const row = await update(request.params.id, { ...request.body }, "bot.workspace.update", request);
		return success(presentWorkspace(row));
	});

	app.put("/workspaces/:id/credentials", route("Set the group bot cookie and/or Open Cloud key (sealed at rest)", { params: IdParams, body: CredentialsBody, response: { 200: Success(WorkspaceView), ...errors } }), async (request) => {
		const { robloxCookie, openCloudApiKey } = request.body;
		const changes: Partial<typeof botWorkspaces.$inferInsert> = {};
		if (robloxCookie !== undefined) changes.robloxCookieSealed = robloxCookie === null ? null : cipher.seal(robloxCookie);
		if (openCloudApiKey !== undefined) changes.openCloudKeySealed = openCloudApiKey === null ? null : cipher.seal(openCloudApiKey);
		const row = await update(request.params.id, changes, "bot.workspace.credentials", request, { robloxCookie: robloxCookie === undefined ? "unchanged" : robloxCookie === null ? "removed" : "set", openCloudApiKey: openCloudApiKey === undefined ? "unchanged" : openCloudApiKey === null ? "removed" : "set" });
		return success(presentWorkspace(row));
	});

	app.post("/workspaces/:id/api-key", route("Mint the workspace's API key (replaces any previous key)", { params: IdParams, response: { 201: Success(MintedKey), ...errors } }), async (request, reply) => {
		const minted = mintApiKey(config.BOT_KEY_PREFIX);
		await update(request.params.id, { apiKeyHash: minted.hash, apiKeyHint: minted.hint, apiKeyCreatedAt: new Date(app.core.clock()), apiKeyOwnerId: principal(request).id }, "bot.workspace.api_key.mint", request, { hint: minted.hint });
		reply.code(201);
		return success({ key: minted.key, hint: minted.hint });
	});

	app.delete("/workspaces/:id/api-key", route("Revoke the workspace's API key", { params: IdParams, response: { 200: Success(WorkspaceView), ...errors } }), async (request) => {
		const row = await update(request.params.id, { apiKeyHash: null, apiKeyHint: null, apiKeyCreatedAt: null, apiKeyOwnerId: null }, "bot.workspace.api_key.revoke", request);
		return success(presentWorkspace(row));
	});

	app.put(
		"/workspaces/:id/api-key/owner",
		route("Re-assign the workspace's API key to another admin (when its minter was disabled or deleted)", {
			params: IdParams,
			body: Type.Object({ ownerId: Type.String({ format: "uuid" }) }, { additionalProperties: false }),
			response: { 200: Success(WorkspaceView), ...errors },
		}),
		async (request) => {
			const [owner] = await database.db.select({ role: users.role, status: users.status }).from(users).where(eq(users.id, request.body.ownerId));
			if (!owner || owner.role !== "admin" || owner.status !== "active") throw badRequest("body.ownerId must name an active admin", { field: "ownerId", issue: "not an active admin" });
			const row = await update(request.params.id, { apiKeyOwnerId: request.body.ownerId }, "bot.workspace.api_key.reassign", request, { ownerId: request.body.ownerId });
			return success(presentWorkspace(row));
		},
	);

	async function update(id: string, changes: Partial<typeof botWorkspaces.$inferInsert>, action: string, request: Parameters<typeof audit>[1], details: Record<string, unknown> = {}) {
		return database.db.transaction(async (tx: Tx) => {
			const [row] = await tx.update(botWorkspaces).set({ ...changes, updatedAt: new Date(app.core.clock()) }).where(eq(botWorkspaces.id, id)).returning();
			if (!row) throw notFound("Workspace");
			await audit(tx, request, { action, targetType: "bot_workspace", targetId: id, details: { ...details, fields: Object.keys(changes).filter((k) => !k.endsWith("Sealed") && k !== "apiKeyHash") } });
			return row;
		});
	}
};
