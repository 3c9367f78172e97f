import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * The bot API's tenancy: a tenant holds workspaces; a workspace owns one Roblox group, a set
 * of Discord guilds, a subscription status and one API key (SHA-256 digest only). Upstream
 * credentials (the group bot's .ROBLOSECURITY cookie, an Open Cloud key) are sealed with the
 * core cipher. Logs and verification sessions belong to one workspace.
 */

export const WORKSPACE_STATUSES = ["active", "grace_period", "past_due", "suspended", "cancelled"] as const;
export type WorkspaceStatus = (typeof WORKSPACE_STATUSES)[number];

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const botTenants = pgTable("bot_tenants", {
	id: uuid("id").primaryKey().defaultRandom(),
	name: text("name").notNull(),
	createdAt: createdAt(),
});

export const botWorkspaces = pgTable(
	"bot_workspaces",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		tenantId: uuid("tenant_id")
			.notNull()
			.references(() => botTenants.id, { onDelete: "cascade" }),
		name: text("name").notNull(),
		robloxGroupId: text("roblox_group_id").notNull(),
		discordGuildIds: jsonb("discord_guild_ids").$type<string[]>().notNull().default([]),
		status: text("status").$type<WorkspaceStatus>().notNull().default("active"),
		apiKeyHash: text("api_key_hash"),
		apiKeyHint: text("api_key_hint"),
		apiKeyCreatedAt: timestamp("api_key_created_at", { withTimezone: true }),
		/** Per-key override of the default requests-per-minute budget. */
		rateLimitPerMinute: integer("rate_limit_per_minute"),
		robloxCookieSealed: text("roblox_cookie_sealed"),
		openCloudKeySealed: text("open_cloud_key_sealed"),
		createdAt: createdAt(),
		updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [uniqueIndex("bot_workspaces_key_unique").on(t.apiKeyHash), index("bot_workspaces_tenant_idx").on(t.tenantId)],
);

/** Started by the Discord bot's /verify command; consumed once by GET /bot/verify. */
export const botVerificationSessions = pgTable(
	"bot_verification_sessions",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		workspaceId: uuid("workspace_id")
			.notNull()
			.references(() => botWorkspaces.id, { onDelete: "cascade" }),
		discordUserId: text("discord_user_id").notNull(),
		sessionToken: text("session_token").notNull(),
		codeVerifier: text("code_verifier").notNull(),
		expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
		usedAt: timestamp("used_at", { withTimezone: true }),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex("bot_verification_sessions_token_unique").on(t.sessionToken)],
);

/** One Roblox account per Discord user. Only the Roblox id and display name are kept. */
export const botVerifications = pgTable(
	"bot_verifications",
	{
		discordUserId: text("discord_user_id").primaryKey(),
		robloxUserId: text("roblox_user_id").notNull(),
		robloxDisplayName: text("roblox_display_name").notNull().default(""),
		workspaceId: uuid("workspace_id").references(() => botWorkspaces.id, { onDelete: "set null" }),
		verifiedAt: timestamp("verified_at", { withTimezone: true }).notNull(),
	},
	(t) => [index("bot_verifications_roblox_idx").on(t.robloxUserId)],
);

export const botModerationLogs = pgTable(
	"bot_moderation_logs",
	{
		id: bigserial("id", { mode: "number" }).primaryKey(),
		workspaceId: uuid("workspace_id")
			.notNull()
			.references(() => botWorkspaces.id, { onDelete: "cascade" }),
		action: text("action").notNull(),
		target: text("target"),
		details: jsonb("details").$type<Record<string, unknown>>(),
		createdAt: createdAt(),
	},
	(t) => [index("bot_moderation_logs_ws_idx").on(t.workspaceId, t.createdAt)],
);

/** Security-relevant warnings (failed auth, deprecated body auth). Never holds a whole key. */
export const botWarningLogs = pgTable(
	"bot_warning_logs",
	{
		id: bigserial("id", { mode: "number" }).primaryKey(),
		workspaceId: uuid("workspace_id"),
		category: text("category").notNull(),
		ip: text("ip"),
		keyHint: text("key_hint"),
		message: text("message").notNull(),
		createdAt: createdAt(),
	},
	(t) => [index("bot_warning_logs_created_idx").on(t.createdAt), index("bot_warning_logs_category_idx").on(sql`${t.category}`)],
);
