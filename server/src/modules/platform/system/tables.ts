import { jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../../../db/tables.js";

/**
 * Platform-wide settings an admin changes at run time (GET/PATCH /v2/system/config). One row per
 * key; the set of keys and their validation live in system/settings.ts, never in the table.
 */
export const systemSettings = pgTable("system_settings", {
	key: text("key").primaryKey(),
	value: jsonb("value").$type<unknown>(),
	updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
	updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
