import { index, integer, pgTable, primaryKey, real, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../../../db/tables.js";
import { lessons } from "../lessons/tables.js";

/** One row per (student, lesson). Writes only ever raise progress, score and time spent. */
export const lessonProgress = pgTable(
	"lesson_progress",
	{
		userId: uuid("user_id")
			.notNull()
			.references(() => users.id, { onDelete: "cascade" }),
		lessonId: uuid("lesson_id")
			.notNull()
			.references(() => lessons.id, { onDelete: "cascade" }),
		schoolId: uuid("school_id").notNull(),
		progress: integer("progress").notNull().default(0),
		score: real("score"),
		timeSpent: integer("time_spent").notNull().default(0),
		completedAt: timestamp("completed_at", { withTimezone: true }),
		createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [primaryKey({ columns: [t.userId, t.lessonId] }), index("lesson_progress_school_idx").on(t.schoolId, t.updatedAt), index("lesson_progress_lesson_idx").on(t.lessonId)],
);
