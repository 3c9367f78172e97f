CREATE TABLE "classroom_applied_content" (
	"school_id" uuid NOT NULL,
	"place_id" text NOT NULL,
	"content_id" text NOT NULL,
	"apply_terrain" boolean NOT NULL,
	"apply_objects" boolean NOT NULL,
	"apply_quiz" boolean NOT NULL,
	"revision" integer NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	"applied_by" text NOT NULL,
	CONSTRAINT "classroom_applied_content_school_id_place_id_pk" PRIMARY KEY("school_id","place_id")
);
--> statement-breakpoint
CREATE TABLE "classroom_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"content_id" text NOT NULL,
	"place_id" text,
	"status" text DEFAULT 'active' NOT NULL,
	"max_players" integer NOT NULL,
	"settings" jsonb NOT NULL,
	"current_question_id" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "classroom_player_achievements" (
	"school_id" uuid NOT NULL,
	"player_id" text NOT NULL,
	"achievement_id" text NOT NULL,
	"unlocked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "classroom_player_achievements_school_id_player_id_achievement_id_pk" PRIMARY KEY("school_id","player_id","achievement_id")
);
--> statement-breakpoint
CREATE TABLE "classroom_progress_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"school_id" uuid NOT NULL,
	"player_id" text NOT NULL,
	"session_id" text NOT NULL,
	"lesson_id" text NOT NULL,
	"progress" integer NOT NULL,
	"score" integer NOT NULL,
	"achievements" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "classroom_question_openings" (
	"session_id" text NOT NULL,
	"question_id" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	CONSTRAINT "classroom_question_openings_session_id_question_id_pk" PRIMARY KEY("session_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "classroom_quiz_answers" (
	"session_id" text NOT NULL,
	"player_id" text NOT NULL,
	"question_id" text NOT NULL,
	"option_index" integer NOT NULL,
	"correct" boolean NOT NULL,
	"points" integer NOT NULL,
	"streak_bonus" integer NOT NULL,
	"elapsed_ms" integer NOT NULL,
	"answered_at" timestamp with time zone NOT NULL,
	CONSTRAINT "classroom_quiz_answers_session_id_player_id_question_id_pk" PRIMARY KEY("session_id","player_id","question_id")
);
--> statement-breakpoint
CREATE TABLE "classroom_session_players" (
	"session_id" text NOT NULL,
	"player_id" text NOT NULL,
	"player_name" text NOT NULL,
	"joined_at" timestamp with time zone NOT NULL,
	"left_at" timestamp with time zone,
	"score" integer DEFAULT 0 NOT NULL,
	"correct_count" integer DEFAULT 0 NOT NULL,
	"streak" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "classroom_session_players_session_id_player_id_pk" PRIMARY KEY("session_id","player_id")
);
--> statement-breakpoint
ALTER TABLE "classroom_applied_content" ADD CONSTRAINT "classroom_applied_content_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classroom_applied_content" ADD CONSTRAINT "classroom_applied_content_content_id_lesson_contents_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."lesson_contents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classroom_sessions" ADD CONSTRAINT "classroom_sessions_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classroom_sessions" ADD CONSTRAINT "classroom_sessions_content_id_lesson_contents_id_fk" FOREIGN KEY ("content_id") REFERENCES "public"."lesson_contents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classroom_player_achievements" ADD CONSTRAINT "classroom_player_achievements_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classroom_progress_events" ADD CONSTRAINT "classroom_progress_events_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classroom_progress_events" ADD CONSTRAINT "classroom_progress_events_session_id_classroom_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."classroom_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classroom_question_openings" ADD CONSTRAINT "classroom_question_openings_session_id_classroom_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."classroom_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classroom_quiz_answers" ADD CONSTRAINT "classroom_quiz_answers_session_id_classroom_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."classroom_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classroom_session_players" ADD CONSTRAINT "classroom_session_players_session_id_classroom_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."classroom_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "classroom_sessions_school_idx" ON "classroom_sessions" USING btree ("school_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "classroom_progress_events_unique" ON "classroom_progress_events" USING btree ("player_id","session_id","at");--> statement-breakpoint
CREATE INDEX "classroom_progress_events_player_idx" ON "classroom_progress_events" USING btree ("school_id","player_id","at");--> statement-breakpoint
CREATE INDEX "classroom_session_players_player_idx" ON "classroom_session_players" USING btree ("player_id");