ALTER TABLE "classroom_quiz_answers" ADD COLUMN "streak" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Answers recorded before this column: the streak their bonus implies (exact below the +500 cap).
UPDATE "classroom_quiz_answers" SET "streak" = CASE WHEN "correct" THEN "streak_bonus" / 100 + 1 ELSE 0 END;
