import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../../../db/tables.js";

export const messages = pgTable(
	"messages",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		schoolId: uuid("school_id").notNull(),
		senderId: uuid("sender_id")
			.notNull()
			.references(() => users.id, { onDelete: "cascade" }),
		recipientId: uuid("recipient_id")
			.notNull()
			.references(() => users.id, { onDelete: "cascade" }),
		subject: text("subject").notNull().default(""),
		body: text("body").notNull(),
		readAt: timestamp("read_at", { withTimezone: true }),
		createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [index("messages_recipient_idx").on(t.recipientId, t.createdAt), index("messages_sender_idx").on(t.senderId, t.createdAt), index("messages_school_idx").on(t.schoolId, t.createdAt)],
);
