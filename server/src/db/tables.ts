import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/**
 * Core tables: identity, tenancy (schools, classes), credentials and the audit log. Every
 * module builds on these; a module's own tables live in its folder and reference these.
 */

export const ROLES = ["admin", "teacher", "student", "parent"] as const;
export type Role = (typeof ROLES)[number];
export const TIERS = ["standard", "premium", "enterprise"] as const;
export type Tier = (typeof TIERS)[number];

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const schools = pgTable("schools", {
	id: uuid("id").primaryKey().defaultRandom(),
	name: text("name").notNull(),
	tier: text("tier").$type<Tier>().notNull().default("standard"),
	createdAt: createdAt(),
});

export const users = pgTable(
	"users",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		/** Null for students: children sign in with username + class join code, no email collected. */
		email: text("email"),
		username: text("username").notNull(),
		displayName: text("display_name").notNull(),
		passwordHash: text("password_hash"),
		role: text("role").$type<Role>().notNull(),
		schoolId: uuid("school_id").references(() => schools.id, { onDelete: "set null" }),
		tier: text("tier").$type<Tier>().notNull().default("standard"),
		/** Roblox user id linked through OAuth (teachers launch sessions in-game with it). */
		robloxUserId: text("roblox_user_id"),
		status: text("status").$type<"active" | "disabled">().notNull().default("active"),
		/** Bumped whenever the account's authority changes (disabled, role/school changed, password
		 * changed); an access token carrying an older epoch stops working (http/authEpochs.ts). */
		authEpoch: integer("auth_epoch").notNull().default(0),
		createdAt: createdAt(),
		updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [
		uniqueIndex("users_email_unique").on(sql`lower(${t.email})`),
		uniqueIndex("users_username_unique").on(sql`lower(${t.username})`),
		uniqueIndex("users_roblox_unique").on(t.robloxUserId),
		index("users_school_idx").on(t.schoolId),
	],
);

export const classes = pgTable(
	"classes",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		schoolId: uuid("school_id")
			.notNull()
			.references(() => schools.id, { onDelete: "cascade" }),
		teacherId: uuid("teacher_id").references(() => users.id, { onDelete: "set null" }),
		name: text("name").notNull(),
		subject: text("subject"),
		gradeLevel: integer("grade_level"),
		joinCode: text("join_code").notNull(),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex("classes_join_code_unique").on(t.joinCode), index("classes_school_idx").on(t.schoolId), index("classes_teacher_idx").on(t.teacherId)],
);

export const enrollments = pgTable(
	"enrollments",
	{
		classId: uuid("class_id")
			.notNull()
			.references(() => classes.id, { onDelete: "cascade" }),
		userId: uuid("user_id")
			.notNull()
			.references(() => users.id, { onDelete: "cascade" }),
		createdAt: createdAt(),
	},
	(t) => [primaryKey({ columns: [t.classId, t.userId] }), index("enrollments_user_idx").on(t.userId)],
);

/** A parent sees the progress of the students linked here. */
export const guardianships = pgTable(
	"guardianships",
	{
		parentId: uuid("parent_id")
			.notNull()
			.references(() => users.id, { onDelete: "cascade" }),
		studentId: uuid("student_id")
			.notNull()
			.references(() => users.id, { onDelete: "cascade" }),
		createdAt: createdAt(),
	},
	(t) => [primaryKey({ columns: [t.parentId, t.studentId] })],
);

/** Opaque refresh tokens, stored as SHA-256. Rotation links each to its successor; presenting a
 * rotated token again revokes the whole family (token theft detection). */
export const refreshTokens = pgTable(
	"refresh_tokens",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		userId: uuid("user_id")
			.notNull()
			.references(() => users.id, { onDelete: "cascade" }),
		familyId: uuid("family_id").notNull(),
		tokenHash: text("token_hash").notNull(),
		expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
		rotatedAt: timestamp("rotated_at", { withTimezone: true }),
		revokedAt: timestamp("revoked_at", { withTimezone: true }),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex("refresh_tokens_hash_unique").on(t.tokenHash), index("refresh_tokens_family_idx").on(t.familyId)],
);

/** API keys of every kind (place keys for game servers, licensing owner keys, bot workspace keys).
 * Only the SHA-256 digest is kept; `hint` is the first 9 characters for logs and listings. */
export const apiKeys = pgTable(
	"api_keys",
	{
		id: uuid("id").primaryKey().defaultRandom(),
		kind: text("kind").notNull(),
		name: text("name").notNull().default(""),
		keyHash: text("key_hash").notNull(),
		hint: text("hint").notNull(),
		schoolId: uuid("school_id").references(() => schools.id, { onDelete: "cascade" }),
		ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
		/** Kind-specific binding, e.g. `{ universeId, placeId }` for place keys. */
		scope: jsonb("scope").$type<Record<string, unknown>>().notNull().default({}),
		createdAt: createdAt(),
		lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
		revokedAt: timestamp("revoked_at", { withTimezone: true }),
	},
	(t) => [uniqueIndex("api_keys_hash_unique").on(t.keyHash), index("api_keys_kind_idx").on(t.kind, t.schoolId)],
);

/** Every acknowledged write: who, what, when. */
export const auditLog = pgTable(
	"audit_log",
	{
		id: bigserial("id", { mode: "number" }).primaryKey(),
		actorId: text("actor_id"),
		actorKind: text("actor_kind").$type<"user" | "api_key" | "system">().notNull(),
		schoolId: uuid("school_id"),
		action: text("action").notNull(),
		targetType: text("target_type").notNull(),
		targetId: text("target_id"),
		details: jsonb("details").$type<Record<string, unknown>>(),
		requestId: text("request_id"),
		ip: text("ip"),
		createdAt: createdAt(),
	},
	(t) => [index("audit_log_created_idx").on(t.createdAt), index("audit_log_school_idx").on(t.schoolId)],
);

/**
 * One row: fingerprints (HMAC-SHA256 of a fixed label, never the secrets) of the JWT_SECRET and
 * CREDENTIALS_KEY the first process used on this database, so a process with other secrets is
 * noticed at start-up (security/sharedSecrets.ts) instead of answering 401s.
 */
export const secretFingerprints = pgTable("secret_fingerprints", {
	id: smallint("id").primaryKey().default(1),
	jwtSecret: text("jwt_secret").notNull(),
	credentialsKey: text("credentials_key").notNull(),
	updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
