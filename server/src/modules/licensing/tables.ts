import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { users } from "../../db/tables.js";

/**
 * Script licensing (specs/script-licensing-api.md). Every time is Unix milliseconds taken from
 * app.core.clock (the spec speaks milliseconds, and tests move a virtual clock), so times are
 * bigint columns rather than timestamptz. Roblox ids stay below 2^53 and fit `mode: "number"`.
 */
const ms = (name: string) => bigint(name, { mode: "number" });

/** A project owns scripts; a platform user (admin or teacher) creates it and mints its owner keys. */
export const licensingProjects = pgTable(
	"licensing_projects",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		name: text("name").notNull(),
		ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
		createdAt: ms("created_at").notNull(),
	},
	(t) => [index("licensing_projects_owner_idx").on(t.ownerId)],
);

/** Owner API keys (`lo_...`): only the SHA-256 digest is stored; one project per key. */
export const licensingOwnerKeys = pgTable(
	"licensing_owner_keys",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		projectId: uuid("project_id")
			.notNull()
			.references(() => licensingProjects.id, { onDelete: "cascade" }),
		name: text("name").notNull().default(""),
		keyHash: text("key_hash").notNull().unique("licensing_owner_keys_hash_unique"),
		hint: text("hint").notNull(),
		createdAt: ms("created_at").notNull(),
		revokedAt: ms("revoked_at"),
	},
	(t) => [index("licensing_owner_keys_project_idx").on(t.projectId)],
);

export const licensingScripts = pgTable(
	"licensing_scripts",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		projectId: uuid("project_id")
			.notNull()
			.references(() => licensingProjects.id, { onDelete: "cascade" }),
		name: text("name"),
		freeForAll: boolean("free_for_all").notNull().default(false),
		useHeartbeat: boolean("use_heartbeat").notNull().default(true),
		kickOutdated: boolean("kick_outdated").notNull().default(false),
		requireSessions: boolean("require_sessions").notNull().default(false),
		enabled: boolean("enabled").notNull().default(true),
		/** Bumped by `update` whenever the source changes; game servers report the version they run. */
		version: integer("version").notNull().default(1),
		source: text("source").notNull().default(""),
		sourceHash: text("source_hash").notNull(),
		totalExecutions: ms("total_executions").notNull().default(0),
		totalSessions: ms("total_sessions").notNull().default(0),
		createdAt: ms("created_at").notNull(),
		updatedAt: ms("updated_at").notNull(),
	},
	(t) => [index("licensing_scripts_project_idx").on(t.projectId)],
);

/** Licence keys (`lk_...`) handed to licensees, one script each; stored as SHA-256 digests. */
export const licensingKeys = pgTable(
	"licensing_keys",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		scriptId: uuid("script_id")
			.notNull()
			.references(() => licensingScripts.id, { onDelete: "cascade" }),
		keyHash: text("key_hash").notNull().unique("licensing_keys_hash_unique"),
		hint: text("hint").notNull(),
		note: text("note"),
		/** When set, only places created by this Roblox user may verify with the key. */
		robloxId: ms("roblox_id"),
		expiresAt: ms("expires_at"),
		blacklisted: boolean("blacklisted").notNull().default(false),
		blacklistReason: text("blacklist_reason"),
		createdAt: ms("created_at").notNull(),
	},
	(t) => [index("licensing_keys_script_idx").on(t.scriptId, t.createdAt)],
);

export const licensingSessions = pgTable(
	"licensing_sessions",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		scriptId: uuid("script_id")
			.notNull()
			.references(() => licensingScripts.id, { onDelete: "cascade" }),
		keyId: uuid("key_id").references(() => licensingKeys.id, { onDelete: "set null" }),
		robloxId: ms("roblox_id").notNull(),
		placeId: ms("place_id").notNull(),
		jobId: text("job_id").notNull(),
		version: integer("version").notNull(),
		createdAt: ms("created_at").notNull(),
		/** Written behind by the live-session cache (see liveSessions.ts), at most one flush late. */
		lastSeenAt: ms("last_seen_at").notNull(),
		endedAt: ms("ended_at"),
		endReason: text("end_reason"),
	},
	(t) => [
		index("licensing_sessions_live_idx").on(t.scriptId, t.lastSeenAt).where(sql`ended_at is null`),
		index("licensing_sessions_script_created_idx").on(t.scriptId, t.createdAt),
		index("licensing_sessions_key_idx").on(t.keyId),
	],
);

/** Verifications per script per UTC day (`YYYY-MM-DD`), for the executions map. */
export const licensingExecutions = pgTable(
	"licensing_executions",
	{
		scriptId: uuid("script_id")
			.notNull()
			.references(() => licensingScripts.id, { onDelete: "cascade" }),
		day: text("day").notNull(),
		count: integer("count").notNull().default(0),
	},
	(t) => [primaryKey({ columns: [t.scriptId, t.day] })],
);
