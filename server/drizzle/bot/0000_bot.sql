CREATE TABLE "bot_moderation_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"action" text NOT NULL,
	"target" text,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_tenants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_verification_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"discord_user_id" text NOT NULL,
	"session_token" text NOT NULL,
	"code_verifier" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_verifications" (
	"discord_user_id" text PRIMARY KEY NOT NULL,
	"roblox_user_id" text NOT NULL,
	"roblox_display_name" text DEFAULT '' NOT NULL,
	"workspace_id" uuid,
	"verified_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_warning_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid,
	"category" text NOT NULL,
	"ip" text,
	"key_hint" text,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_workspaces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"roblox_group_id" text NOT NULL,
	"discord_guild_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"api_key_hash" text,
	"api_key_hint" text,
	"api_key_created_at" timestamp with time zone,
	"rate_limit_per_minute" integer,
	"roblox_cookie_sealed" text,
	"open_cloud_key_sealed" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bot_moderation_logs" ADD CONSTRAINT "bot_moderation_logs_workspace_id_bot_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."bot_workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_verification_sessions" ADD CONSTRAINT "bot_verification_sessions_workspace_id_bot_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."bot_workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_verifications" ADD CONSTRAINT "bot_verifications_workspace_id_bot_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."bot_workspaces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_workspaces" ADD CONSTRAINT "bot_workspaces_tenant_id_bot_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."bot_tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bot_moderation_logs_ws_idx" ON "bot_moderation_logs" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "bot_verification_sessions_token_unique" ON "bot_verification_sessions" USING btree ("session_token");--> statement-breakpoint
CREATE INDEX "bot_verifications_roblox_idx" ON "bot_verifications" USING btree ("roblox_user_id");--> statement-breakpoint
CREATE INDEX "bot_warning_logs_created_idx" ON "bot_warning_logs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "bot_warning_logs_category_idx" ON "bot_warning_logs" USING btree ("category");--> statement-breakpoint
CREATE UNIQUE INDEX "bot_workspaces_key_unique" ON "bot_workspaces" USING btree ("api_key_hash");--> statement-breakpoint
CREATE INDEX "bot_workspaces_tenant_idx" ON "bot_workspaces" USING btree ("tenant_id");