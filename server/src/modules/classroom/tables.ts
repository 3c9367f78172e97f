import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { schools } from "../../db/tables.js";
import { lessonContents } from "../content/tables.js";

/**
 * Classroom state of the plugin API. Every row carries (or hangs off a session that carries)
 * its school, and every query filters on the caller's school. Place keys live in the core
 * `api_keys` table (kind "place", scope { universeId, placeId }).
 */
const ts = (name: string) => timestamp(name, { withTimezone: true });

export interface SessionSettings {
	allowHints: boolean;
	/** Session length in seconds: expiresAt = createdAt + timeLimit. */
	timeLimit: number;
	difficulty: "easy" | "medium" | "hard";
	/** Seconds a question stays open after it is opened (T in the speed rule). */
	questionTimeLimit: number;
}

export const classroomSessions = pgTable(
	"classroom_sessions",
	{
		id: text("id").primaryKey(),
		schoolId: uuid("school_id")
			.notNull()
			.references(() => schools.id, { onDelete: "cascade" }),
		contentId: text("content_id")
			.notNull()
			.references(() => lessonContents.id, { onDelete: "cascade" }),
		placeId: text("place_id"),
		status: text("status").$type<"active" | "ended">().notNull().default("active"),
		maxPlayers: integer("max_players").notNull(),
		settings: jsonb("settings").$type<SessionSettings>().notNull(),
		currentQuestionId: text("current_question_id"),
		createdBy: text("created_by").notNull(),
		createdAt: ts("created_at").notNull(),
		expiresAt: ts("expires_at").notNull(),
		endedAt: ts("ended_at"),
	},
	(t) => [index("classroom_sessions_school_idx").on(t.schoolId, t.createdAt)],
);

export const sessionPlayers = pgTable(
	"classroom_session_players",
	{
		sessionId: text("session_id")
			.notNull()
			.references(() => classroomSessions.id, { onDelete: "cascade" }),
		playerId: text("player_id").notNull(),
		playerName: text("player_name").notNull(),
		joinedAt: ts("joined_at").notNull(),
		leftAt: ts("left_at"),
		score: integer("score").notNull().default(0),
		correctCount: integer("correct_count").notNull().default(0),
		/** Consecutive correct answers so far (the streak bonus reads it). */
		streak: integer("streak").notNull().default(0),
	},
	(t) => [primaryKey({ columns: [t.sessionId, t.playerId] }), index("classroom_session_players_player_idx").on(t.playerId)],
);

export const questionOpenings = pgTable(
	"classroom_question_openings",
	{
		sessionId: text("session_id")
			.notNull()
			.references(() => classroomSessions.id, { onDelete: "cascade" }),
		questionId: text("question_id").notNull(),
		openedAt: ts("opened_at").notNull(),
		/** When the game server opened it, on its own clock (place keys only); answers with `answeredAt` are timed from it. */
		reportedOpenedAt: ts("reported_opened_at"),
	},
	(t) => [primaryKey({ columns: [t.sessionId, t.questionId] })],
);

export const quizAnswers = pgTable(
	"classroom_quiz_answers",
	{
		sessionId: text("session_id")
			.notNull()
			.references(() => classroomSessions.id, { onDelete: "cascade" }),
		playerId: text("player_id").notNull(),
		questionId: text("question_id").notNull(),
		optionIndex: integer("option_index").notNull(),
		correct: boolean("correct").notNull(),
		/** speed points + streak bonus */
		points: integer("points").notNull(),
		streakBonus: integer("streak_bonus").notNull(),
		/** Correct answers in a row up to and including this one, in question order (0 when wrong). */
		streak: integer("streak").notNull().default(0),
		elapsedMs: integer("elapsed_ms").notNull(),
		answeredAt: ts("answered_at").notNull(),
	},
	(t) => [primaryKey({ columns: [t.sessionId, t.playerId, t.questionId] })],
);

export const progressEvents = pgTable(
	"classroom_progress_events",
	{
		id: bigserial("id", { mode: "number" }).primaryKey(),
		schoolId: uuid("school_id")
			.notNull()
			.references(() => schools.id, { onDelete: "cascade" }),
		playerId: text("player_id").notNull(),
		sessionId: text("session_id")
			.notNull()
			.references(() => classroomSessions.id, { onDelete: "cascade" }),
		lessonId: text("lesson_id").notNull(),
		progress: integer("progress").notNull(),
		score: integer("score").notNull(),
		achievements: jsonb("achievements").$type<string[]>().notNull(),
		/** The reporter's timestamp: with player and session it identifies the report (retries collapse). */
		at: ts("at").notNull(),
		recordedAt: ts("recorded_at").notNull(),
	},
	(t) => [
		uniqueIndex("classroom_progress_events_unique").on(t.playerId, t.sessionId, t.at),
		index("classroom_progress_events_player_idx").on(t.schoolId, t.playerId, t.at),
	],
);

export const playerAchievements = pgTable(
	"classroom_player_achievements",
	{
		schoolId: uuid("school_id")
			.notNull()
			.references(() => schools.id, { onDelete: "cascade" }),
		playerId: text("player_id").notNull(),
		achievementId: text("achievement_id").notNull(),
		unlockedAt: ts("unlocked_at").notNull(),
	},
	(t) => [primaryKey({ columns: [t.schoolId, t.playerId, t.achievementId] })],
);

export const appliedContent = pgTable(
	"classroom_applied_content",
	{
		schoolId: uuid("school_id")
			.notNull()
			.references(() => schools.id, { onDelete: "cascade" }),
		placeId: text("place_id").notNull(),
		contentId: text("content_id")
			.notNull()
			.references(() => lessonContents.id, { onDelete: "cascade" }),
		applyTerrain: boolean("apply_terrain").notNull(),
		applyObjects: boolean("apply_objects").notNull(),
		applyQuiz: boolean("apply_quiz").notNull(),
		/** Bumped on every apply; part of the ETag. */
		revision: integer("revision").notNull(),
		appliedAt: ts("applied_at").notNull(),
		appliedBy: text("applied_by").notNull(),
		/** The revision the place's live server last fetched (its poll got the full payload), and when. */
		pickedUpRevision: integer("picked_up_revision"),
		pickedUpAt: ts("picked_up_at"),
	},
	(t) => [primaryKey({ columns: [t.schoolId, t.placeId] })],
);

/**
 * Roblox webhook notifications already handled (Right to Erasure), by Roblox's NotificationId:
 * a redelivery finds its id here and does nothing again. No personal data: the user id is in
 * the audit log, not here.
 */
export const robloxNotifications = pgTable("classroom_roblox_notifications", {
	notificationId: text("notification_id").primaryKey(),
	eventType: text("event_type").notNull(),
	receivedAt: ts("received_at").notNull(),
});
