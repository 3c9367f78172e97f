import { and, count, eq, ilike, type SQL } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Db } from "../../../db/client.js";
import { schools, users, type Tier } from "../../../db/tables.js";
import { audit } from "../../../http/audit.js";
import { conflict, notFound } from "../../../http/errors.js";
import type { Principal } from "../../../http/tokens.js";
import { isForeignKeyViolation } from "../system/dbErrors.js";
import type { SchoolDto } from "./schema.js";

/**
 * Schools are tenants. Admins manage them all; a teacher sees only their own, and another
 * school answers 404 (its existence is not disclosed). The school's tier is the rate-limit tier
 * of its members: changing it re-tiers every user of the school in the same transaction.
 */
export class SchoolService {
	constructor(private readonly db: Db) {}

	async list(caller: Principal, query: { page: number; per_page: number; q?: string; tier?: Tier }) {
		const filters: SQL[] = [];
		if (caller.role !== "admin") filters.push(eq(schools.id, caller.schoolId ?? "00000000-0000-0000-0000-000000000000"));
		if (query.q) filters.push(ilike(schools.name, `%${escapeLike(query.q)}%`));
		if (query.tier) filters.push(eq(schools.tier, query.tier));
		const where = filters.length ? and(...filters) : undefined;
		const [{ total }] = await this.db.select({ total: count() }).from(schools).where(where);
		const rows = await this.db
			.select()
			.from(schools)
			.where(where)
			.orderBy(schools.name, schools.id)
			.limit(query.per_page)
			.offset((query.page - 1) * query.per_page);
		return { items: rows.map(presentSchool), total, page: query.page, per_page: query.per_page };
	}

	async get(caller: Principal, id: string): Promise<SchoolDto> {
		if (caller.role !== "admin" && caller.schoolId !== id) throw notFound("School");
		const [row] = await this.db.select().from(schools).where(eq(schools.id, id));
		if (!row) throw notFound("School");
		return presentSchool(row);
	}

	async create(request: FastifyRequest, body: { name: string; tier?: Tier }): Promise<SchoolDto> {
		return this.db.transaction(async (tx) => {
			const [row] = await tx.insert(schools).values({ name: body.name.trim(), tier: body.tier ?? "standard" }).returning();
			await audit(tx, request, { action: "school.create", targetType: "school", targetId: row.id, schoolId: row.id, details: { name: row.name, tier: row.tier } });
			return presentSchool(row);
		});
	}

	async update(request: FastifyRequest, id: string, body: { name?: string; tier?: Tier }): Promise<SchoolDto> {
		return this.db.transaction(async (tx) => {
			const patch = { ...(body.name !== undefined && { name: body.name.trim() }), ...(body.tier !== undefined && { tier: body.tier }) };
			const [row] = Object.keys(patch).length
				? await tx.update(schools).set(patch).where(eq(schools.id, id)).returning()
				: await tx.select().from(schools).where(eq(schools.id, id));
			if (!row) throw notFound("School");
			if (body.tier !== undefined) await tx.update(users).set({ tier: body.tier, updatedAt: new Date() }).where(eq(users.schoolId, id));
			await audit(tx, request, { action: "school.update", targetType: "school", targetId: id, schoolId: id, details: patch });
			return presentSchool(row);
		});
	}

	async remove(request: FastifyRequest, id: string): Promise<void> {
		try {
			await this.db.transaction(async (tx) => {
				const [row] = await tx.delete(schools).where(eq(schools.id, id)).returning();
				if (!row) throw notFound("School");
				await audit(tx, request, { action: "school.delete", targetType: "school", targetId: id, schoolId: null, details: { name: row.name } });
			});
		} catch (error) {
			if (isForeignKeyViolation(error)) throw conflict("School still has records that depend on it");
			throw error;
		}
	}
}

export function presentSchool(row: typeof schools.$inferSelect): SchoolDto {
	return { id: row.id, name: row.name, tier: row.tier, created_at: row.createdAt.toISOString() };
}

/** `%` and `_` in a search term are literal characters, not wildcards. */
export const escapeLike = (term: string): string => term.replace(/[\\%_]/g, (c) => `\\${c}`);
