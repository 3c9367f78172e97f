import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { schools } from "../../db/tables.js";
import type { LessonContent, LessonRequest } from "./types.js";

/** Generated lessons, owned by one school. The classroom API, platform lessons and the v1 Roblox API all store here. */
export const lessonContents = pgTable(
	"lesson_contents",
	{
		id: text("id").primaryKey(),
		schoolId: uuid("school_id").references(() => schools.id, { onDelete: "cascade" }),
		request: jsonb("request").$type<LessonRequest>().notNull(),
		content: jsonb("content").$type<LessonContent>().notNull(),
		seed: integer("seed"),
		/** `user:<id>` or `api_key:<id>`. */
		createdBy: text("created_by"),
		createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [index("lesson_contents_school_idx").on(t.schoolId, t.createdAt)],
);
