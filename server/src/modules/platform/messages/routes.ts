import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { and, count, desc, eq, isNull } from "drizzle-orm";
import { audit } from "../../../http/audit.js";
import { principal } from "../../../http/authenticate.js";
import { Envelope, ok, Page } from "../../../http/envelope.js";
import { notFound } from "../../../http/errors.js";
import { pushNotification } from "../notifications/service.js";
import { publishAnalyticsEvent } from "../realtime/topics.js";
import { requirePermission } from "../roles/permissions.js";
import { MessageListQuery, MessageSchema, SendMessageBody } from "./schema.js";
import { presentMessage, recipientName, senderName } from "./service.js";
import { sendMessage } from "./send.js";
import { messages } from "./tables.js";

const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
const security = [{ bearerAuth: [] }];

export const messageRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const { database } = app.core;
	const { db } = database;
	const guard = requirePermission("messages.send");

	app.post(
		"",
		{ preValidation: guard, schema: { tags: ["messages"], summary: "Send a message to a user of my school (students: to their teachers)", security, body: SendMessageBody, response: { 201: Envelope(MessageSchema) } } },
		async (request, reply) => {
			const me = principal(request);
			const { recipient_id, subject = "", body } = request.body;
			const input = { recipientId: recipient_id, subject, body, createdAt: new Date(app.core.clock()) };
			const { message, notification, names } = await sendMessage(database, request, me, input);
			await pushNotification(app.core.hub, notification);
			await publishAnalyticsEvent(app.core.hub, message.schoolId, "message");
			return reply.code(201).send(ok(request, presentMessage(message, names), "Message sent"));
		},
	);

	app.get(
		"",
		{ preValidation: guard, schema: { tags: ["messages"], summary: "My inbox (default) or sent messages", security, querystring: MessageListQuery, response: { 200: Envelope(Page(MessageSchema)) } } },
		async (request) => {
			const { box, unread, page, per_page } = request.query;
			const me = principal(request).id;
			const where = and(box === "sent" ? eq(messages.senderId, me) : eq(messages.recipientId, me), unread ? isNull(messages.readAt) : undefined);
			const [rows, [{ total }]] = await Promise.all([
				db.select({ row: messages, sender: senderName, recipient: recipientName }).from(messages).where(where).orderBy(desc(messages.createdAt), desc(messages.id)).limit(per_page).offset((page - 1) * per_page),
				db.select({ total: count() }).from(messages).where(where),
			]);
			return ok(request, { items: rows.map((r) => presentMessage(r.row, r)), total, page, per_page });
		},
	);

	app.patch(
		"/:id/read",
		{ preValidation: guard, schema: { tags: ["messages"], summary: "Mark a message I received as read", security, params: IdParams, response: { 200: Envelope(MessageSchema) } } },
		async (request) => {
			const me = principal(request).id;
			const row = await db.transaction(async (tx) => {
				const [found] = await tx
					.select({ row: messages, sender: senderName, recipient: recipientName })
					.from(messages)
					.where(and(eq(messages.id, request.params.id), eq(messages.recipientId, me)));
				if (!found) throw notFound("Message");
				if (found.row.readAt) return found;
				const [updated] = await tx.update(messages).set({ readAt: new Date(app.core.clock()) }).where(eq(messages.id, found.row.id)).returning();
				await audit(tx, request, { action: "message.read", targetType: "message", targetId: found.row.id });
				return { ...found, row: updated };
			});
			return ok(request, presentMessage(row.row, row));
		},
	);
};

