import { index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Idempotency-Key records (http/idempotency): one row per caller and key. `status` is null
 * while the first request is still running; afterwards the response is kept, sealed with
 * CREDENTIALS_KEY because creates may answer with secrets shown once, until `expires_at`.
 */
export const idempotencyKeys = pgTable(
	"idempotency_keys",
	{
		scope: text("scope").notNull(),
		key: text("key").notNull(),
		/** SHA-256 of method, URL and body: the same key with another request is refused. */
		fingerprint: text("fingerprint").notNull(),
		status: integer("status"),
		contentType: text("content_type"),
		sealedBody: text("sealed_body"),
		lockedAt: timestamp("locked_at", { withTimezone: true }).notNull(),
		expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
	},
	(t) => [primaryKey({ columns: [t.scope, t.key] }), index("idempotency_keys_expires_idx").on(t.expiresAt)],
);
