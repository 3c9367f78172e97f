import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loggerOptions } from "../../src/http/logging.js";
import { PASSWORD, startTestApp, type TestApp } from "../helpers/testApp.js";

/**
 * Issue 17 finding 8: a run that logs in, opens a WebSocket with ?token=<JWT>, completes a bot
 * verification redirect carrying an OAuth code and hits a database error on an insert that
 * binds an argon2 hash, at info level. The captured log must show those requests happened and
 * contain no JWT, no argon2 hash and no OAuth code.
 */
const OAUTH_CODE = "oauth-code-7f3a9c1e5b2d";
const lines: string[] = [];
let t: TestApp;

beforeAll(async () => {
	t = await startTestApp(
		{ ROBLOX_OAUTH_CLIENT_ID: "client-1", ROBLOX_OAUTH_CLIENT_SECRET: "secret-1", ROBLOX_OAUTH_BASE_URL: "http://127.0.0.1:9/oauth" },
		{ logger: { ...loggerOptions("info"), stream: { write: (line: string) => void lines.push(line) } } },
	);
});
afterAll(() => t.close());

describe("secrets never reach the log", () => {
	it("keeps JWTs, argon2 hashes and OAuth codes out of a whole run's log", async () => {
		const user = await t.createUser({ role: "teacher", username: "log-teacher" });
		const login = await t.request({ method: "POST", url: "/v2/auth/login", payload: { username: "log-teacher", password: PASSWORD } });
		expect(login.statusCode).toBe(200);
		const jwt: string = login.json().data.access_token;

		const ws = await t.app.injectWS(`/v2/ws/progress?token=${jwt}`);
		ws.terminate();

		const verify = await t.request({ method: "GET", url: `/bot/verify?state=${"ab".repeat(12)}&code=${OAUTH_CODE}` });
		expect(verify.statusCode).toBe(302);

		// A database error on an insert whose bound parameters include the new user's argon2 hash.
		await t.services.database.db.execute(sql.raw(`create or replace function refuse_insert() returns trigger as $$ begin raise exception 'inserts refused for this test'; end; $$ language plpgsql`));
		await t.services.database.db.execute(sql.raw(`create trigger refuse_users before insert on users for each row execute function refuse_insert()`));
		const register = await t.request({ method: "POST", url: "/v2/auth/register", payload: { role: "teacher", display_name: "Log Test", email: "log-test@example.test", password: "another secret password 42" } });
		await t.services.database.db.execute(sql.raw(`drop trigger refuse_users on users`));
		expect(register.statusCode).toBe(500);

		const log = lines.join("");
		// The run was logged (the test is not vacuous): the requests and the database failure are there.
		expect(log).toContain("/v2/ws/progress?token=[REDACTED]");
		expect(log).toContain(`/bot/verify?state=[REDACTED]&code=[REDACTED]`);
		expect(log).toContain("Failed query: insert into");
		expect(log).toContain("params: [REDACTED]");
		expect(log).toContain("inserts refused for this test");
		// ...and none of the secrets.
		expect(log).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
		expect(log).not.toContain(jwt);
		expect(log).not.toContain(user.token);
		expect(log).not.toContain("$argon2id$");
		expect(log).not.toContain(OAUTH_CODE);
	});
});
