import { count } from "drizzle-orm";
import type { Config } from "./config.js";
import type { Db } from "./db/client.js";
import { users } from "./db/tables.js";
import { randomToken } from "./security/crypto.js";
import { hashPassword } from "./security/passwords.js";

/**
 * First start with no users creates an admin from ADMIN_EMAIL / ADMIN_PASSWORD. When no
 * password is configured a random one is generated and returned so the CLI can print it once;
 * it is never logged.
 */
export async function ensureAdmin(db: Db, config: Config): Promise<{ email: string; password?: string } | undefined> {
	const [{ value }] = await db.select({ value: count() }).from(users);
	if (value > 0) return undefined;
	const password = config.ADMIN_PASSWORD ?? randomToken(12);
	// Processes started together on an empty database all get here: the unique email decides
	// which one creates the admin, and the others carry on without one to announce.
	const created = await db
		.insert(users)
		.values({
			email: config.ADMIN_EMAIL,
			username: "admin",
			displayName: "Administrator",
			passwordHash: await hashPassword(password),
			role: "admin",
			tier: "enterprise",
		})
		.onConflictDoNothing()
		.returning({ id: users.id });
	if (created.length === 0) return undefined;
	return { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD ? undefined : password };
}
