import { and, desc, eq, isNull } from "drizzle-orm";
import type { Static } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import type { Db, Tx } from "../../../db/client.js";
import { audit } from "../../../http/audit.js";
import { principal } from "../../../http/authenticate.js";
import { users } from "../../../db/tables.js";
import { badRequest, notFound } from "../../../http/errors.js";
import { mintApiKey } from "../../../security/apiKeys.js";
import type { LicensingContext } from "../context.js";
import { OWNER_KEY_PREFIX } from "../ownerAuth.js";
import { licensingOwnerKeys, licensingProjects } from "../tables.js";
import type { MintedOwnerKeySchema, OwnerKeySchema, ProjectSchema } from "./schema.js";

/**
 * Projects own scripts. Platform admins and teachers create them and mint their owner keys with
 * a JWT; a teacher sees only their own projects (others answer 404), an admin sees all.
 */
type ProjectRow = typeof licensingProjects.$inferSelect;
type OwnerKeyRow = typeof licensingOwnerKeys.$inferSelect;

export async function createProject(ctx: LicensingContext, request: FastifyRequest, name: string) {
	const now = ctx.clock();
	return ctx.db.transaction(async (tx) => {
		const [project] = await tx.insert(licensingProjects).values({ name, ownerId: principal(request).id, createdAt: now }).returning();
		const ownerKey = await insertOwnerKey(tx, request, project.id, "default", now);
		await audit(tx, request, { action: "licensing.project.create", targetType: "licensing_project", targetId: project.id });
		return { project: presentProject(project), owner_key: ownerKey };
	});
}

export async function listProjects(ctx: LicensingContext, request: FastifyRequest): Promise<Static<typeof ProjectSchema>[]> {
	const caller = principal(request);
	const rows = await ctx.db
		.select()
		.from(licensingProjects)
		.where(caller.role === "admin" ? undefined : eq(licensingProjects.ownerId, caller.id))
		.orderBy(desc(licensingProjects.createdAt), desc(licensingProjects.id));
	return rows.map(presentProject);
}

export async function mintOwnerKey(ctx: LicensingContext, request: FastifyRequest, projectId: string, name: string) {
	return ctx.db.transaction(async (tx) => {
		await managedProject(tx, request, projectId);
		return insertOwnerKey(tx, request, projectId, name, ctx.clock());
	});
}

export async function listOwnerKeys(ctx: LicensingContext, request: FastifyRequest, projectId: string): Promise<Static<typeof OwnerKeySchema>[]> {
	await managedProject(ctx.db, request, projectId);
	const rows = await ctx.db.select().from(licensingOwnerKeys).where(eq(licensingOwnerKeys.projectId, projectId)).orderBy(desc(licensingOwnerKeys.createdAt));
	return rows.map(presentOwnerKey);
}

export async function revokeOwnerKey(ctx: LicensingContext, request: FastifyRequest, projectId: string, keyId: string): Promise<void> {
	await ctx.db.transaction(async (tx) => {
		await managedProject(tx, request, projectId);
		const [row] = await tx
			.update(licensingOwnerKeys)
			.set({ revokedAt: ctx.clock() })
			.where(and(eq(licensingOwnerKeys.id, keyId), eq(licensingOwnerKeys.projectId, projectId), isNull(licensingOwnerKeys.revokedAt)))
			.returning({ id: licensingOwnerKeys.id });
		if (!row) throw notFound("Owner key");
		await audit(tx, request, { action: "licensing.owner_key.revoke", targetType: "licensing_project", targetId: projectId, details: { key_id: keyId } });
	});
}

/** Admins only (the route checks): the project, and so its owner keys, now act for `ownerId`. */
export async function reassignProject(ctx: LicensingContext, request: FastifyRequest, projectId: string, ownerId: string): Promise<Static<typeof ProjectSchema>> {
	return ctx.db.transaction(async (tx) => {
		const [owner] = await tx.select({ role: users.role, status: users.status }).from(users).where(eq(users.id, ownerId));
		if (!owner || owner.status !== "active" || (owner.role !== "admin" && owner.role !== "teacher")) {
			throw badRequest("body.owner_id must name an active admin or teacher", { field: "owner_id", issue: "not an active admin or teacher" });
		}
		const [row] = await tx.update(licensingProjects).set({ ownerId }).where(eq(licensingProjects.id, projectId)).returning();
		if (!row) throw notFound("Project");
		await audit(tx, request, { action: "licensing.project.reassign", targetType: "licensing_project", targetId: projectId, details: { owner_id: ownerId } });
		return presentProject(row);
	});
}

async function managedProject(db: Db | Tx, request: FastifyRequest, projectId: string): Promise<ProjectRow> {
	const caller = principal(request);
	const [row] = await db.select().from(licensingProjects).where(eq(licensingProjects.id, projectId));
	if (!row || (caller.role !== "admin" && row.ownerId !== caller.id)) throw notFound("Project");
	return row;
}

async function insertOwnerKey(tx: Tx, request: FastifyRequest, projectId: string, name: string, now: number): Promise<Static<typeof MintedOwnerKeySchema>> {
	const minted = mintApiKey(OWNER_KEY_PREFIX);
	const [row] = await tx.insert(licensingOwnerKeys).values({ projectId, name, keyHash: minted.hash, hint: minted.hint, createdAt: now }).returning();
	await audit(tx, request, { action: "licensing.owner_key.create", targetType: "licensing_project", targetId: projectId, details: { key_id: row.id } });
	return { ...presentOwnerKey(row), key: minted.key };
}

const presentProject = (row: ProjectRow) => ({ id: row.id, name: row.name, owner_id: row.ownerId, created_at: row.createdAt });
const presentOwnerKey = (row: OwnerKeyRow) => ({
	id: row.id,
	project_id: row.projectId,
	name: row.name,
	hint: row.hint,
	created_at: row.createdAt,
	revoked_at: row.revokedAt,
});
