import type { Db, Tx } from "../../../db/client.js";
import type { Hub } from "../../../realtime/hub.js";
import { publish, topics } from "../realtime/topics.js";
import type { NotificationDto } from "./schema.js";
import { notifications } from "./tables.js";

export interface NotificationInput {
	type: string;
	title: string;
	body?: string;
	data?: Record<string, unknown>;
}

type NotificationRow = typeof notifications.$inferSelect;

/**
 * Creates a notification for `userId` and pushes it to that user's sockets (topic `user:<id>`).
 * For other modules. Inside a transaction, prefer `insertNotification(tx, ...)` and call
 * `pushNotification(hub, row)` after the commit, so no socket hears of a row that rolled back.
 */
export async function notify(db: Db, hub: Hub, userId: string, input: NotificationInput): Promise<NotificationDto> {
	const row = await insertNotification(db, userId, input);
	await pushNotification(hub, row);
	return presentNotification(row);
}

export async function insertNotification(db: Db | Tx, userId: string, input: NotificationInput): Promise<NotificationRow> {
	const [row] = await db
		.insert(notifications)
		.values({ userId, type: input.type, title: input.title, body: input.body ?? "", data: input.data ?? {} })
		.returning();
	return row;
}

export function pushNotification(hub: Hub, row: NotificationRow): Promise<void> {
	return publish(hub, topics.user(row.userId), "notification", presentNotification(row));
}

export function presentNotification(row: NotificationRow): NotificationDto {
	return {
		id: row.id,
		type: row.type,
		title: row.title,
		body: row.body,
		data: row.data,
		read: row.readAt !== null,
		read_at: row.readAt?.toISOString() ?? null,
		created_at: row.createdAt.toISOString(),
	};
}
