ALTER TABLE "classroom_applied_content" ADD COLUMN "picked_up_revision" integer;--> statement-breakpoint
ALTER TABLE "classroom_applied_content" ADD COLUMN "picked_up_at" timestamp with time zone;