import { and, desc, eq } from "drizzle-orm";
import type { Static } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import type { Db, Tx } from "../../../db/client.js";
import { notFound } from "../../../http/errors.js";
import { mintApiKey } from "../../../security/apiKeys.js";
import type { LicensingContext } from "../context.js";
import { DEFAULT_PAGE, PAGE_CAP } from "../schema.js";
import { ownedScript, writeAudit } from "../scripts/service.js";
import { licensingKeys } from "../tables.js";
import type { CreateKeyBody, CreatedKeySchema, EditKeyBody, KeySchema } from "./schema.js";

/**
 * Licence keys, one per licensee and script. The secret (`lk_...`) is returned once at creation;
 * only its digest is stored. Every change invalidates the heartbeat cache for that key, so a
 * blacklist or expiry reaches the key's running servers on their next heartbeat.
 */
export const LICENCE_KEY_PREFIX = "lk";
type KeyRow = typeof licensingKeys.$inferSelect;
export type KeyDto = Static<typeof KeySchema>;

export async function createKey(ctx: LicensingContext, request: FastifyRequest, scriptId: string, body: Static<typeof CreateKeyBody>): Promise<Static<typeof CreatedKeySchema>> {
	const minted = mintApiKey(LICENCE_KEY_PREFIX);
	const row = await ctx.db.transaction(async (tx) => {
		await ownedScript(tx, request, scriptId);
		const [created] = await tx
			.insert(licensingKeys)
			.values({
				scriptId,
				keyHash: minted.hash,
				hint: minted.hint,
				note: body.note ? body.note : null,
				expiresAt: body.expires_at ?? null,
				robloxId: body.roblox_id ?? null,
				createdAt: ctx.clock(),
			})
			.returning();
		await writeAudit(tx, request, "licensing.key.create", scriptId, { key_id: created.id });
		return created;
	});
	return { ...presentKey(row), key: minted.key };
}

export async function listKeys(ctx: LicensingContext, request: FastifyRequest, scriptId: string, page: { from?: number; limit?: number }): Promise<KeyDto[]> {
	await ownedScript(ctx.db, request, scriptId);
	const limit = Math.min(page.limit ?? DEFAULT_PAGE, PAGE_CAP);
	if (limit === 0) return [];
	const rows = await ctx.db
		.select()
		.from(licensingKeys)
		.where(eq(licensingKeys.scriptId, scriptId))
		.orderBy(desc(licensingKeys.createdAt), desc(licensingKeys.id))
		.limit(limit)
		.offset(page.from ?? 0);
	return rows.map(presentKey);
}

export async function getKey(ctx: LicensingContext, request: FastifyRequest, scriptId: string, keyId: string): Promise<KeyDto> {
	await ownedScript(ctx.db, request, scriptId);
	return presentKey(await keyOf(ctx.db, scriptId, keyId));
}

export type KeyChange = Partial<Pick<typeof licensingKeys.$inferInsert, "note" | "expiresAt" | "robloxId" | "blacklisted" | "blacklistReason">>;

/** Applies a change to one key in a transaction with its audit entry; returns the key after it. */
export async function changeKey(ctx: LicensingContext, request: FastifyRequest, scriptId: string, keyId: string, action: string, change: KeyChange): Promise<KeyDto> {
	const row = await ctx.db.transaction(async (tx) => {
		await ownedScript(tx, request, scriptId);
		const current = await keyOf(tx, scriptId, keyId);
		if (Object.keys(change).length === 0) return current;
		const [updated] = await tx.update(licensingKeys).set(change).where(eq(licensingKeys.id, keyId)).returning();
		await writeAudit(tx, request, action, scriptId, { key_id: keyId, ...change });
		return updated;
	});
	ctx.live.invalidateKey(keyId);
	return presentKey(row);
}

/** The edit convention: `""` sets null, `null` or absent leaves unchanged. */
export function editChange(body: Static<typeof EditKeyBody>): KeyChange {
	const change: KeyChange = {};
	if (typeof body.note === "string") change.note = body.note === "" ? null : body.note;
	if (body.expires_at !== undefined && body.expires_at !== null) change.expiresAt = body.expires_at === "" ? null : body.expires_at;
	if (body.roblox_id !== undefined && body.roblox_id !== null) change.robloxId = body.roblox_id === "" ? null : body.roblox_id;
	return change;
}

async function keyOf(db: Db | Tx, scriptId: string, keyId: string): Promise<KeyRow> {
	const [row] = await db
		.select()
		.from(licensingKeys)
		.where(and(eq(licensingKeys.id, keyId), eq(licensingKeys.scriptId, scriptId)));
	if (!row) throw notFound("Key");
	return row;
}

function presentKey(row: KeyRow): KeyDto {
	return {
		id: row.id,
		script_id: row.scriptId,
		hint: row.hint,
		note: row.note,
		roblox_id: row.robloxId,
		expires_at: row.expiresAt,
		blacklisted: row.blacklisted,
		blacklist_reason: row.blacklistReason,
		created_at: row.createdAt,
	};
}
