import { index, integer, jsonb, pgTable, real, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { classes, schools, users } from "../../../db/tables.js";

export const LESSON_STATUSES = ["draft", "published"] as const;
export type LessonStatus = (typeof LESSON_STATUSES)[number];

/** A question as stored: `correct` is the answer key and never leaves the server for students. */
export interface StoredQuestion {
	id: string;
	text: string;
	options: string[];
	correct: number;
	points: number;
	explanation?: string;
}

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export const lessons = pgTable(
	"lessons",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		schoolId: uuid("school_id")
			.notNull()
			.references(() => schools.id, { onDelete: "cascade" }),
		authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
		classId: uuid("class_id").references(() => classes.id, { onDelete: "set null" }),
		title: text("title").notNull(),
		content: text("content").notNull(),
		subject: text("subject").notNull(),
		gradeLevel: integer("grade_level").notNull(),
		objectives: jsonb("objectives").$type<string[]>().notNull().default([]),
		status: text("status").$type<LessonStatus>().notNull().default("draft"),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [index("lessons_school_idx").on(t.schoolId, t.createdAt), index("lessons_class_idx").on(t.classId)],
);

export const quizzes = pgTable(
	"quizzes",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		lessonId: uuid("lesson_id")
			.notNull()
			.references(() => lessons.id, { onDelete: "cascade" }),
		schoolId: uuid("school_id")
			.notNull()
			.references(() => schools.id, { onDelete: "cascade" }),
		createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
		title: text("title").notNull(),
		kind: text("kind").$type<"quiz" | "assessment">().notNull().default("quiz"),
		questions: jsonb("questions").$type<StoredQuestion[]>().notNull(),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [index("quizzes_lesson_idx").on(t.lessonId)],
);

export const quizAttempts = pgTable(
	"quiz_attempts",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		quizId: uuid("quiz_id")
			.notNull()
			.references(() => quizzes.id, { onDelete: "cascade" }),
		userId: uuid("user_id")
			.notNull()
			.references(() => users.id, { onDelete: "cascade" }),
		schoolId: uuid("school_id").notNull(),
		answers: jsonb("answers").$type<(number | null)[]>().notNull(),
		score: integer("score").notNull(),
		maxScore: integer("max_score").notNull(),
		/** score / max_score * 100, kept so analytics can average without re-scoring. */
		percentage: real("percentage").notNull(),
		createdAt: createdAt(),
	},
	(t) => [index("quiz_attempts_quiz_idx").on(t.quizId), index("quiz_attempts_school_idx").on(t.schoolId, t.createdAt)],
);
