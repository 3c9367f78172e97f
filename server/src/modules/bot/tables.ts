import { sql } from "drizzle-orm";
import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

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
		/** The platform admin who minted the key: it acts on their authority and stops while they
		 * are disabled or once they are deleted (no foreign key, so a deleted minter stays visible). */
		apiKeyOwnerId: uuid("api_key_owner_id"),
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
		/** The Discord leg comes first: its own single-use state and PKCE verifier. */
		discordState: text("discord_state"),
		discordCodeVerifier: text("discord_code_verifier"),
		discordUsedAt: timestamp("discord_used_at", { withTimezone: true }),
		/** Set once Discord confirmed the user is `discordUserId` and a member of `guildId`; only then can the Roblox leg complete. */
		discordVerifiedAt: timestamp("discord_verified_at", { withTimezone: true }),
		guildId: text("guild_id"),
		expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
		usedAt: timestamp("used_at", { withTimezone: true }),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex("bot_verification_sessions_token_unique").on(t.sessionToken), uniqueIndex("bot_verification_sessions_discord_state_unique").on(t.discordState)],
);

/**
 * Links a Discord user to a Roblox account within one workspace, written only after both legs
 * of a verification: Discord OAuth (the user is who the bot said, and a member of `guildId`, one
 * of the workspace's guilds) and Roblox OAuth. A workspace reads only its own verified links of
 * its current guilds. Links migrated from the old global table are `discordVerified: false`
 * and never read: those users verify again.
 */
export const botAccountLinks = pgTable(
	"bot_account_links",
	{
		workspaceId: uuid("workspace_id")
			.notNull()
			.references(() => botWorkspaces.id, { onDelete: "cascade" }),
		discordUserId: text("discord_user_id").notNull(),
		guildId: text("guild_id"),
		robloxUserId: text("roblox_user_id").notNull(),
		robloxDisplayName: text("roblox_display_name").notNull().default(""),
		discordVerified: boolean("discord_verified").notNull().default(false),
		verifiedAt: timestamp("verified_at", { withTimezone: true }).notNull(),
	},
	(t) => [primaryKey({ columns: [t.workspaceId, t.discordUserId] }), index("bot_account_links_roblox_idx").on(t.workspaceId, t.robloxUserId)],
);

/** Superseded by botAccountLinks (global links let one workspace link anyone): kept read-only
 * so the migration could copy it; nothing reads or writes it any more. */
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
