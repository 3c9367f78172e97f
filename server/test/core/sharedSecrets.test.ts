import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/client.js";
import { migrateDatabase } from "../../src/db/migrate.js";
import { checkSharedSecrets, SecretsMismatchError } from "../../src/security/sharedSecrets.js";
import { openTestDatabase } from "../helpers/testDatabase.js";

/**
 * The start-up check against a database first used with other secrets (security/sharedSecrets.ts,
 * run by createCoreServices after migrating): it refuses, naming the variables that differ;
 * SECRETS_REPLACE=true takes the new ones. (A real process started without the secrets is
 * refused in multiProcess.test.ts.)
 */
const FIRST = { JWT_SECRET: "first-secret-first-secret-first-secret-01", CREDENTIALS_KEY: "1".repeat(64) };
const SECOND = { JWT_SECRET: "second-secret-second-secret-second-secret", CREDENTIALS_KEY: "2".repeat(64) };

describe("secrets shared by every process on a database", () => {
	let database: Database;
	beforeAll(async () => {
		database = await openTestDatabase();
		await migrateDatabase(database);
	});
	afterAll(() => database.close());

	const start = (env: Record<string, string>) => checkSharedSecrets(database.db, loadConfig({ DATABASE_URL: "memory://", LOG_LEVEL: "silent", ...env }));
	const refusal = (env: Record<string, string>) => start(env).then(() => undefined, (error: unknown) => error);

	it("records the first process's secrets, refuses others naming them, and takes new ones only with SECRETS_REPLACE", async () => {
		await start(FIRST);
		await start(FIRST);

		const jwtOnly = await refusal({ ...FIRST, JWT_SECRET: SECOND.JWT_SECRET });
		expect(jwtOnly).toBeInstanceOf(SecretsMismatchError);
		expect((jwtOnly as Error).message).toMatch(/^Refusing to start: JWT_SECRET differs /);
		expect((jwtOnly as Error).message).not.toContain("not set");

		const generated = await refusal({ JWT_SECRET: "", CREDENTIALS_KEY: "" });
		expect((generated as Error).message).toContain("JWT_SECRET and CREDENTIALS_KEY differ");
		expect((generated as Error).message).toContain("JWT_SECRET and CREDENTIALS_KEY are not set, so this process generated its own");
		expect((generated as Error).message).not.toContain(FIRST.JWT_SECRET);

		await start({ ...SECOND, SECRETS_REPLACE: "true" });
		await start(SECOND);
		expect(await refusal(FIRST)).toBeInstanceOf(SecretsMismatchError);
	});
});
