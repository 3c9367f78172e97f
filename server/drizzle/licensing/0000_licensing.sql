CREATE TABLE "licensing_executions" (
	"script_id" uuid NOT NULL,
	"day" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "licensing_executions_script_id_day_pk" PRIMARY KEY("script_id","day")
);
--> statement-breakpoint
CREATE TABLE "licensing_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"script_id" uuid NOT NULL,
	"key_hash" text NOT NULL,
	"hint" text NOT NULL,
	"note" text,
	"roblox_id" bigint,
	"expires_at" bigint,
	"blacklisted" boolean DEFAULT false NOT NULL,
	"blacklist_reason" text,
	"created_at" bigint NOT NULL,
	CONSTRAINT "licensing_keys_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "licensing_owner_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"key_hash" text NOT NULL,
	"hint" text NOT NULL,
	"created_at" bigint NOT NULL,
	"revoked_at" bigint,
	CONSTRAINT "licensing_owner_keys_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "licensing_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"owner_id" uuid,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "licensing_scripts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"name" text,
	"free_for_all" boolean DEFAULT false NOT NULL,
	"use_heartbeat" boolean DEFAULT true NOT NULL,
	"kick_outdated" boolean DEFAULT false NOT NULL,
	"require_sessions" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"source_hash" text NOT NULL,
	"total_executions" bigint DEFAULT 0 NOT NULL,
	"total_sessions" bigint DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "licensing_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"script_id" uuid NOT NULL,
	"key_id" uuid,
	"roblox_id" bigint NOT NULL,
	"place_id" bigint NOT NULL,
	"job_id" text NOT NULL,
	"version" integer NOT NULL,
	"created_at" bigint NOT NULL,
	"last_seen_at" bigint NOT NULL,
	"ended_at" bigint,
	"end_reason" text
);
--> statement-breakpoint
ALTER TABLE "licensing_executions" ADD CONSTRAINT "licensing_executions_script_id_licensing_scripts_id_fk" FOREIGN KEY ("script_id") REFERENCES "public"."licensing_scripts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licensing_keys" ADD CONSTRAINT "licensing_keys_script_id_licensing_scripts_id_fk" FOREIGN KEY ("script_id") REFERENCES "public"."licensing_scripts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licensing_owner_keys" ADD CONSTRAINT "licensing_owner_keys_project_id_licensing_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."licensing_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licensing_projects" ADD CONSTRAINT "licensing_projects_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licensing_scripts" ADD CONSTRAINT "licensing_scripts_project_id_licensing_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."licensing_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licensing_sessions" ADD CONSTRAINT "licensing_sessions_script_id_licensing_scripts_id_fk" FOREIGN KEY ("script_id") REFERENCES "public"."licensing_scripts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "licensing_sessions" ADD CONSTRAINT "licensing_sessions_key_id_licensing_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."licensing_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "licensing_keys_script_idx" ON "licensing_keys" USING btree ("script_id","created_at");--> statement-breakpoint
CREATE INDEX "licensing_owner_keys_project_idx" ON "licensing_owner_keys" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "licensing_projects_owner_idx" ON "licensing_projects" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "licensing_scripts_project_idx" ON "licensing_scripts" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "licensing_sessions_live_idx" ON "licensing_sessions" USING btree ("script_id","last_seen_at") WHERE ended_at is null;--> statement-breakpoint
CREATE INDEX "licensing_sessions_script_created_idx" ON "licensing_sessions" USING btree ("script_id","created_at");--> statement-breakpoint
CREATE INDEX "licensing_sessions_key_idx" ON "licensing_sessions" USING btree ("key_id");