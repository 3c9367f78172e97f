import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureAdmin } from "../../src/bootstrap.js";
import { users } from "../../src/db/tables.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/** Processes started at the same moment on an empty database: one admin, no crash. */
let t: TestApp;
beforeAll(async () => {
	t = await startTestApp({ ADMIN_EMAIL: "first-admin@example.test" });
});
afterAll(async () => t.close());

describe("first admin", () => {
	it("is created once when several starts race for it, and only the winner announces a password", async () => {
		const results = await Promise.all(Array.from({ length: 4 }, () => ensureAdmin(t.services.database.db, t.config)));
		const announced = results.filter((r) => r !== undefined);
		expect(announced).toHaveLength(1);
		expect(announced[0]!.password).toMatch(/.{12,}/);
		const [{ n }] = await t.services.database.db.select({ n: count() }).from(users).where(eq(users.role, "admin"));
		expect(n).toBe(1);
		expect(await ensureAdmin(t.services.database.db, t.config)).toBeUndefined();
	});
});
