CREATE TABLE "lesson_contents" (
	"id" text PRIMARY KEY NOT NULL,
	"school_id" uuid,
	"request" jsonb NOT NULL,
	"content" jsonb NOT NULL,
	"seed" integer,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "lesson_contents" ADD CONSTRAINT "lesson_contents_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lesson_contents_school_idx" ON "lesson_contents" USING btree ("school_id","created_at");