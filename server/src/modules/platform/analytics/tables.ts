import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../../../db/tables.js";
import type { ReportDefinition } from "./schema.js";

/** Saved custom reports: the definition is stored, and run afresh on every GET. */
export const analyticsReports = pgTable(
	"analytics_reports",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		/** Null for a platform-wide report created by an admin without a school. */
		schoolId: uuid("school_id"),
		createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
		name: text("name").notNull(),
		definition: jsonb("definition").$type<ReportDefinition>().notNull(),
		createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [index("analytics_reports_school_idx").on(t.schoolId)],
);
