import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { and, count, desc, eq, isNull } from "drizzle-orm";
import { audit } from "../../../http/audit.js";
import { principal } from "../../../http/authenticate.js";
import { Envelope, ok, Page } from "../../../http/envelope.js";
import { notFound } from "../../../http/errors.js";
import { requirePermission } from "../roles/permissions.js";
import { NotificationListQuery, NotificationSchema } from "./schema.js";
import { presentNotification } from "./service.js";
import { notifications } from "./tables.js";

const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
const security = [{ bearerAuth: [] }];

/** The caller's own notifications: list, mark one read, mark all read. */
export const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const { db } = app.core.database;
	const guard = requirePermission("notifications.read");

	app.get(
		"",
		{ preValidation: guard, schema: { tags: ["notifications"], summary: "List my notifications (?unread=true for unread only)", security, querystring: NotificationListQuery, response: { 200: Envelope(Page(NotificationSchema)) } } },
		async (request) => {
			const { unread, page, per_page } = request.query;
			const me = principal(request).id;
			const where = and(eq(notifications.userId, me), unread ? isNull(notifications.readAt) : undefined);
			const [rows, [{ total }]] = await Promise.all([
				db.select().from(notifications).where(where).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(per_page).offset((page - 1) * per_page),
				db.select({ total: count() }).from(notifications).where(where),
			]);
			return ok(request, { items: rows.map(presentNotification), total, page, per_page });
		},
	);

	app.post(
		"/:id/read",
		{ preValidation: guard, schema: { tags: ["notifications"], summary: "Mark one of my notifications read", security, params: IdParams, response: { 200: Envelope(NotificationSchema) } } },
		async (request) => {
			const me = principal(request).id;
			const row = await db.transaction(async (tx) => {
				const [existing] = await tx.select().from(notifications).where(and(eq(notifications.id, request.params.id), eq(notifications.userId, me)));
				if (!existing) throw notFound("Notification");
				if (existing.readAt) return existing;
				const [updated] = await tx.update(notifications).set({ readAt: new Date(app.core.clock()) }).where(eq(notifications.id, existing.id)).returning();
				await audit(tx, request, { action: "notification.read", targetType: "notification", targetId: existing.id });
				return updated;
			});
			return ok(request, presentNotification(row));
		},
	);

	app.post(
		"/read-all",
		{ preValidation: guard, schema: { tags: ["notifications"], summary: "Mark all my notifications read", security, response: { 200: Envelope(Type.Object({ updated: Type.Integer() })) } } },
		async (request) => {
			const me = principal(request).id;
			const updated = await db.transaction(async (tx) => {
				const rows = await tx
					.update(notifications)
					.set({ readAt: new Date(app.core.clock()) })
					.where(and(eq(notifications.userId, me), isNull(notifications.readAt)))
					.returning({ id: notifications.id });
				await audit(tx, request, { action: "notification.read_all", targetType: "notification", details: { count: rows.length } });
				return rows.length;
			});
			return ok(request, { updated });
		},
	);
};
