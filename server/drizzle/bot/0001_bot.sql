CREATE TABLE "bot_account_links" (
	"workspace_id" uuid NOT NULL,
	"discord_user_id" text NOT NULL,
	"guild_id" text,
	"roblox_user_id" text NOT NULL,
	"roblox_display_name" text DEFAULT '' NOT NULL,
	"discord_verified" boolean DEFAULT false NOT NULL,
	"verified_at" timestamp with time zone NOT NULL,
	CONSTRAINT "bot_account_links_workspace_id_discord_user_id_pk" PRIMARY KEY("workspace_id","discord_user_id")
);
--> statement-breakpoint
ALTER TABLE "bot_verification_sessions" ADD COLUMN "discord_state" text;--> statement-breakpoint
ALTER TABLE "bot_verification_sessions" ADD COLUMN "discord_code_verifier" text;--> statement-breakpoint
ALTER TABLE "bot_verification_sessions" ADD COLUMN "discord_used_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bot_verification_sessions" ADD COLUMN "discord_verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bot_verification_sessions" ADD COLUMN "guild_id" text;--> statement-breakpoint
ALTER TABLE "bot_workspaces" ADD COLUMN "api_key_owner_id" uuid;--> statement-breakpoint
ALTER TABLE "bot_account_links" ADD CONSTRAINT "bot_account_links_workspace_id_bot_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."bot_workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bot_account_links_roblox_idx" ON "bot_account_links" USING btree ("workspace_id","roblox_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "bot_verification_sessions_discord_state_unique" ON "bot_verification_sessions" USING btree ("discord_state");--> statement-breakpoint
-- Existing global links become unverified links of the workspace that wrote them (never read:
-- the Discord leg did not exist, so their users verify again); links of deleted workspaces go.
INSERT INTO "bot_account_links" ("workspace_id", "discord_user_id", "guild_id", "roblox_user_id", "roblox_display_name", "discord_verified", "verified_at")
SELECT "workspace_id", "discord_user_id", NULL, "roblox_user_id", "roblox_display_name", false, "verified_at" FROM "bot_verifications" WHERE "workspace_id" IS NOT NULL;
