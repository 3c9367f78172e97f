import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { and, count, desc, eq, gte, like, lt, type SQL } from "drizzle-orm";
import { auditLog } from "../../../db/tables.js";
import { Envelope, Page, ok } from "../../../http/envelope.js";
import { escapeLike } from "../schools/service.js";
import { requirePermission } from "../roles/permissions.js";
import { PageNumber } from "../../../http/schemaTypes.js";

const AuditEntry = Type.Object({
	id: Type.Integer(),
	actor_id: Type.Union([Type.String(), Type.Null()]),
	actor_kind: Type.String(),
	school_id: Type.Union([Type.String(), Type.Null()]),
	action: Type.String(),
	target_type: Type.String(),
	target_id: Type.Union([Type.String(), Type.Null()]),
	details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
	request_id: Type.Union([Type.String(), Type.Null()]),
	ip: Type.Union([Type.String(), Type.Null()]),
	created_at: Type.String({ format: "date-time" }),
});

const AuditQuery = Type.Object({
	page: PageNumber(),
	per_page: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
	actor_id: Type.Optional(Type.String({ maxLength: 100 })),
	/** Exact action, or a prefix ending in `*` (e.g. `class.*`). */
	action: Type.Optional(Type.String({ maxLength: 100 })),
	target_type: Type.Optional(Type.String({ maxLength: 100 })),
	target_id: Type.Optional(Type.String({ maxLength: 200 })),
	school_id: Type.Optional(Type.String({ format: "uuid" })),
	/** Inclusive lower bound. */
	from: Type.Optional(Type.String({ format: "date-time" })),
	/** Exclusive upper bound. */
	to: Type.Optional(Type.String({ format: "date-time" })),
});

/** GET /v2/audit: every write, newest first, for admins. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const { db } = app.core.database;

	app.get(
		"/",
		{
			preHandler: requirePermission("audit.read"),
			schema: { tags: ["system"], summary: "The audit log: who wrote what, when (filters: actor, action, target, school, dates)", security: [{ bearerAuth: [] }], querystring: AuditQuery, response: { 200: Envelope(Page(AuditEntry)) } },
		},
		async (request) => {
			const q = request.query;
			const filters: SQL[] = [];
			if (q.actor_id) filters.push(eq(auditLog.actorId, q.actor_id));
			if (q.action) filters.push(q.action.endsWith("*") ? like(auditLog.action, `${escapeLike(q.action.slice(0, -1))}%`) : eq(auditLog.action, q.action));
			if (q.target_type) filters.push(eq(auditLog.targetType, q.target_type));
			if (q.target_id) filters.push(eq(auditLog.targetId, q.target_id));
			if (q.school_id) filters.push(eq(auditLog.schoolId, q.school_id));
			if (q.from) filters.push(gte(auditLog.createdAt, new Date(q.from)));
			if (q.to) filters.push(lt(auditLog.createdAt, new Date(q.to)));
			const where = filters.length ? and(...filters) : undefined;
			const [{ total }] = await db.select({ total: count() }).from(auditLog).where(where);
			const rows = await db
				.select()
				.from(auditLog)
				.where(where)
				.orderBy(desc(auditLog.createdAt), desc(auditLog.id))
				.limit(q.per_page)
				.offset((q.page - 1) * q.per_page);
			return ok(request, {
				items: rows.map((r) => ({
					id: r.id,
					actor_id: r.actorId,
					actor_kind: r.actorKind,
					school_id: r.schoolId,
					action: r.action,
					target_type: r.targetType,
					target_id: r.targetId,
					details: r.details ?? null,
					request_id: r.requestId,
					ip: r.ip,
					created_at: r.createdAt.toISOString(),
				})),
				total,
				page: q.page,
				per_page: q.per_page,
			});
		},
	);
};
