import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { ensureAdmin } from "../../src/bootstrap.js";
import { loadConfig } from "../../src/config.js";
import { createCoreServices } from "../../src/services.js";
import { TEST_DB_KIND } from "../helpers/testDatabase.js";

const dir = mkdtempSync(join(tmpdir(), "classroom-persist-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function boot() {
	const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: "silent", ADMIN_PASSWORD: "first-admin-password" });
	const services = await createCoreServices(config);
	const admin = await ensureAdmin(services.database.db, config);
	const app = await buildApp(services);
	return { app, services, admin, config };
}

describe.runIf(TEST_DB_KIND === "pglite")("embedded mode on disk", () => {
	it("keeps users, tokens and generated secrets across a restart", async () => {
		const first = await boot();
		expect(first.admin?.email).toBe("admin@localhost");
		const login = await first.app.inject({ method: "POST", url: "/v2/auth/login", payload: { email: "admin@localhost", password: "first-admin-password" } });
		expect(login.statusCode).toBe(200);
		const { access_token, refresh_token } = login.json().data;
		await first.app.close();
		await first.services.close();

		const second = await boot();
		try {
			expect(second.admin).toBeUndefined(); // not created twice
			expect(second.config.JWT_SECRET).toBe(first.config.JWT_SECRET);
			const me = await second.app.inject({ method: "GET", url: "/v2/users/me", headers: { authorization: `Bearer ${access_token}` } });
			expect(me.statusCode).toBe(200);
			expect(me.json().data.role).toBe("admin");
			const refreshed = await second.app.inject({ method: "POST", url: "/v2/auth/refresh", payload: { refresh_token } });
			expect(refreshed.statusCode).toBe(200);
		} finally {
			await second.app.close();
			await second.services.close();
		}
	});
});
