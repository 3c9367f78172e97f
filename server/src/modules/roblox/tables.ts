import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "../../db/tables.js";

/**
 * Tables of the Roblox integration API v1 (/api/v1/roblox). Upstream credentials (Roblox OAuth
 * tokens, webhook secrets) are stored sealed with the core cipher (AES-256-GCM), never in clear.
 */

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const owner = () =>
	uuid("user_id")
		.notNull()
		.references(() => users.id, { onDelete: "cascade" });

/** One PKCE authorization attempt: single use (usedAt), 10 minute TTL, bound to the caller. */
export const robloxOauthStates = pgTable(
	"roblox_oauth_states",
	{
		state: text("state").primaryKey(),
		userId: owner(),
		codeVerifierSealed: text("code_verifier_sealed").notNull(),
		redirectUri: text("redirect_uri").notNull(),
		scopes: jsonb("scopes").$type<string[]>().notNull(),
		expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
		usedAt: timestamp("used_at", { withTimezone: true }),
		createdAt: createdAt(),
	},
	(t) => [index("roblox_oauth_states_user_idx").on(t.userId)],
);

/** The caller's current Roblox OAuth grant. Refresh tokens rotate: each refresh replaces the row's tokens. */
export const robloxOauthTokens = pgTable("roblox_oauth_tokens", {
	userId: uuid("user_id")
		.primaryKey()
		.references(() => users.id, { onDelete: "cascade" }),
	robloxUserId: text("roblox_user_id").notNull(),
	accessTokenSealed: text("access_token_sealed").notNull(),
	refreshTokenSealed: text("refresh_token_sealed"),
	scope: text("scope").notNull().default(""),
	expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
	username: text("username"),
	displayName: text("display_name"),
	createdAt: createdAt(),
	updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export interface ConversationTurn {
	role: "user" | "assistant";
	text: string;
	at: string;
}

/** A lesson-design conversation; `facts` are what the rule-based extractor collected so far. */
export const robloxConversations = pgTable(
	"roblox_conversations",
	{
		id: text("id").primaryKey(),
		userId: owner(),
		stage: text("stage").notNull(),
		facts: jsonb("facts").$type<Record<string, unknown>>().notNull().default({}),
		history: jsonb("history").$type<ConversationTurn[]>().notNull().default([]),
		createdAt: createdAt(),
		updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [index("roblox_conversations_user_idx").on(t.userId)],
);

export type GenerationStatus = "in_progress" | "completed" | "failed";

export const robloxGenerations = pgTable(
	"roblox_generations",
	{
		id: text("id").primaryKey(),
		sessionId: text("session_id")
			.notNull()
			.references(() => robloxConversations.id, { onDelete: "cascade" }),
		userId: owner(),
		projectId: text("project_id").notNull(),
		status: text("status").$type<GenerationStatus>().notNull(),
		progress: integer("progress").notNull().default(0),
		contentId: text("content_id"),
		error: text("error"),
		createdAt: createdAt(),
		completedAt: timestamp("completed_at", { withTimezone: true }),
	},
	(t) => [
		index("roblox_generations_session_idx").on(t.sessionId),
		// The stale-generation sweep (GenerationService.failStale): only running ones, oldest first.
		index("roblox_generations_running_idx").on(t.createdAt).where(sql`${t.status} = 'in_progress'`),
	],
);

/**
 * A generated Rojo project. `files` (relative path -> text) is the project itself, so any
 * server process can write it to its own disk before `rojo serve` (rows from before it was
 * added have only `path`). Serve status lives in memory (processes die with the app).
 */
export const robloxRojoProjects = pgTable(
	"roblox_rojo_projects",
	{
		id: text("id").primaryKey(),
		userId: owner(),
		sessionId: text("session_id"),
		contentId: text("content_id"),
		name: text("name").notNull(),
		path: text("path").notNull(),
		filesCount: integer("files_count").notNull(),
		files: jsonb("files").$type<Record<string, string>>(),
		createdAt: createdAt(),
	},
	(t) => [index("roblox_rojo_projects_user_idx").on(t.userId)],
);

export const WEBHOOK_EVENTS = ["generation.complete", "rojo.connected", "auth.revoked"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const robloxWebhooks = pgTable(
	"roblox_webhooks",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		userId: owner(),
		url: text("url").notNull(),
		events: jsonb("events").$type<WebhookEvent[]>().notNull(),
		secretSealed: text("secret_sealed").notNull(),
		active: boolean("active").notNull().default(true),
		createdAt: createdAt(),
	},
	(t) => [index("roblox_webhooks_user_idx").on(t.userId)],
);

export type DeliveryStatus = "pending" | "delivered" | "retrying" | "failed";

export const robloxWebhookDeliveries = pgTable(
	"roblox_webhook_deliveries",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		webhookId: uuid("webhook_id")
			.notNull()
			.references(() => robloxWebhooks.id, { onDelete: "cascade" }),
		event: text("event").$type<WebhookEvent>().notNull(),
		/** The exact bytes that were signed and sent, so every retry sends the same signature. */
		body: text("body").notNull(),
		status: text("status").$type<DeliveryStatus>().notNull().default("pending"),
		attempts: integer("attempts").notNull().default(0),
		responseStatus: integer("response_status"),
		lastError: text("last_error"),
		createdAt: createdAt(),
		deliveredAt: timestamp("delivered_at", { withTimezone: true }),
	},
	(t) => [
		index("roblox_webhook_deliveries_hook_idx").on(t.webhookId, t.createdAt),
		// The redrive sweep's scan (service.ts): only undelivered rows, oldest first.
		index("roblox_webhook_deliveries_undelivered_idx").on(t.createdAt).where(sql`${t.status} in ('pending', 'retrying')`),
	],
);

export type DeviceCodeStatus = "pending" | "approved" | "denied" | "redeemed";

/**
 * One device authorization (RFC 8628) of the Studio plugin. Both codes are stored as SHA-256
 * hashes only, like API keys: the device code is a bearer secret, and the user code, while
 * short, lets whoever holds it approve. `userId` and `approvedEpoch` bind the approval to the
 * teacher who gave it and to their authority at that moment; `interval` grows by 5 s at every
 * slow_down.
 */
export const robloxDeviceCodes = pgTable(
	"roblox_device_codes",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		deviceCodeHash: text("device_code_hash").notNull(),
		userCodeHash: text("user_code_hash").notNull(),
		clientId: text("client_id").notNull(),
		status: text("status").$type<DeviceCodeStatus>().notNull().default("pending"),
		userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
		approvedEpoch: integer("approved_epoch"),
		interval: integer("interval").notNull(),
		lastPolledAt: timestamp("last_polled_at", { withTimezone: true }),
		expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
		decidedAt: timestamp("decided_at", { withTimezone: true }),
		redeemedAt: timestamp("redeemed_at", { withTimezone: true }),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex("roblox_device_codes_device_unique").on(t.deviceCodeHash), uniqueIndex("roblox_device_codes_user_code_unique").on(t.userCodeHash), index("roblox_device_codes_expiry_idx").on(t.expiresAt)],
);
