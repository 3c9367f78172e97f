import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botWarningLogs, botWorkspaces } from "../../src/modules/bot/tables.js";
import { FIXTURE_TIMEOUT, CHANNEL, GROUP, GUILD, startBotFixture, type BotFixture } from "./botFixture.js";

let f: BotFixture;
beforeAll(async () => {
	f = await startBotFixture();
	f.roblox.groups.set(GROUP, { roles: [{ id: "2", name: "Members", rank: 1 }], members: [{ userId: "1", username: "a", roleId: "2" }] });
}, FIXTURE_TIMEOUT);
afterAll(() => f?.close());

/** A cheap valid call to every keyed route. */
const ROUTES: { method: "GET" | "POST"; url: string; payload?: object; ok: number }[] = [
	{ method: "POST", url: "/bot/webhook", payload: { method: "Message", cid: CHANNEL, message: "hi" }, ok: 200 },
	{ method: "POST", url: "/bot/useraction", payload: { method: "Timeout", serverid: GUILD, users: ["1"], state: 0 }, ok: 200 },
	{ method: "POST", url: "/bot/bulkexile", payload: { users: ["1"] }, ok: 200 },
	{ method: "GET", url: "/bot/getgroupmembers", ok: 200 },
	{ method: "POST", url: "/bot/verification-sessions", payload: { discordUserId: "300000000000000001" }, ok: 201 },
];
const SESSION = ROUTES[4];
const send = (headers: Record<string, string>, payload: object = SESSION.payload!) => f.t.app.inject({ method: "POST", url: SESSION.url, payload, headers });
const warnings = (category: string) => f.t.services.database.db.select().from(botWarningLogs).where(eq(botWarningLogs.category, category));

describe("workspace key authentication", () => {
	it.each(ROUTES)("401 UNAUTHORIZED without a key: $method $url", async (route) => {
		const res = await f.t.app.inject({ method: route.method, url: route.url, payload: route.payload });
		expect(res.statusCode).toBe(401);
		expect(res.json()).toEqual({ success: false, error: { code: "UNAUTHORIZED", message: "Invalid or missing API key." } });
	});

	it("401 for an unknown key, logged as auth_failure with the IP and only the first 9 characters", async () => {
		const bogus = "praun_thisKeyDoesNotExist0123456789";
		const res = await send({ authorization: `Bearer ${bogus}` });
		expect(res.statusCode).toBe(401);
		const rows = await warnings("auth_failure");
		const row = rows.find((r) => r.keyHint === bogus.slice(0, 9));
		expect(row).toMatchObject({ ip: "127.0.0.1", keyHint: "praun_thi" });
		expect(JSON.stringify(rows)).not.toContain(bogus);
		// A flood of the same bad key from one IP writes one row a minute.
		for (let i = 0; i < 5; i++) expect((await send({ authorization: bogus })).statusCode).toBe(401);
		const hinted = async () => (await warnings("auth_failure")).filter((r) => r.keyHint === "praun_thi").length;
		expect(await hinted()).toBe(1);
		f.advance(61_000);
		await send({ authorization: bogus });
		expect(await hinted()).toBe(2);
	});

	it("401 for a malformed header and for a revoked key", async () => {
		expect((await send({ authorization: "Basic abc def" })).statusCode).toBe(401);
		expect((await send({ authorization: "Bearer" })).statusCode).toBe(401);
		const ws = await f.createWorkspace();
		expect((await send({ authorization: ws.key })).statusCode).toBe(201);
		await f.adminCall("DELETE", `/bot/admin/workspaces/${ws.id}/api-key`);
		expect((await send({ authorization: ws.key })).statusCode).toBe(401);
	});

	it("minting a new key replaces the old one; only the digest is stored", async () => {
		const ws = await f.createWorkspace();
		const { key } = await f.adminCall("POST", `/bot/admin/workspaces/${ws.id}/api-key`);
		expect(key).toMatch(/^praun_[A-Za-z0-9_-]{32}$/);
		expect((await send({ authorization: ws.key })).statusCode).toBe(401);
		expect((await send({ authorization: key })).statusCode).toBe(201);
		const [row] = await f.t.services.database.db.select().from(botWorkspaces).where(eq(botWorkspaces.id, ws.id));
		expect(JSON.stringify(row)).not.toContain(key);
		expect(row.apiKeyHint).toBe(key.slice(0, 9));
		expect(row.robloxCookieSealed).toMatch(/^v1\./);
		expect(JSON.stringify(row)).not.toContain("test-cookie");
	});

	it("accepts Bearer, raw and any-case scheme", async () => {
		for (const authorization of [`Bearer ${f.workspace.key}`, f.workspace.key, `bEaReR ${f.workspace.key}`, `BEARER   ${f.workspace.key}`]) {
			expect((await send({ authorization })).statusCode).toBe(201);
		}
	});

	it("accepts the deprecated body field `security` without a header, logging legacy_auth_body_security", async () => {
		const before = (await warnings("legacy_auth_body_security")).length;
		const res = await send({}, { ...SESSION.payload, security: f.workspace.key });
		expect(res.statusCode).toBe(201);
		const rows = await warnings("legacy_auth_body_security");
		expect(rows.length).toBe(before + 1);
		expect(rows.at(-1)).toMatchObject({ workspaceId: f.workspace.id, keyHint: f.workspace.key.slice(0, 9) });
		const webhook = await f.t.app.inject({ method: "POST", url: "/bot/webhook", payload: { method: "Message", cid: CHANNEL, message: "legacy", security: f.workspace.key } });
		expect(webhook.statusCode).toBe(200);
	});

	it("the header wins over the body field", async () => {
		const before = (await warnings("legacy_auth_body_security")).length;
		expect((await send({ authorization: "Bearer praun_wrongwrongwrong" }, { ...SESSION.payload, security: f.workspace.key })).statusCode).toBe(401);
		expect((await send({ authorization: f.workspace.key }, { ...SESSION.payload, security: "praun_wrongwrongwrong" })).statusCode).toBe(201);
		expect((await warnings("legacy_auth_body_security")).length).toBe(before);
	});

	it("every keyed route answers its success status with a valid key", async () => {
		for (const route of ROUTES) {
			const res = await f.call(route.method, route.url, route.payload);
			expect(res.statusCode, `${route.method} ${route.url}: ${res.body}`).toBe(route.ok);
		}
	});
});

describe("workspace status", () => {
	it.each(["suspended", "cancelled", "past_due"])("403 SUBSCRIPTION_INACTIVE on every route when %s", async (status) => {
		const ws = await f.createWorkspace();
		await f.adminCall("PATCH", `/bot/admin/workspaces/${ws.id}`, { status });
		for (const route of ROUTES) {
			const res = await f.call(route.method, route.url, route.payload, ws.key);
			expect(res.statusCode).toBe(403);
			expect(res.json()).toEqual({ success: false, error: { code: "SUBSCRIPTION_INACTIVE", message: "Subscription is not active." } });
		}
		// Other workspaces of the same tenant are unaffected.
		expect((await f.call("GET", "/bot/getgroupmembers")).statusCode).toBe(200);
	});

	it("grace_period still works", async () => {
		const ws = await f.createWorkspace({ status: "grace_period" });
		expect((await f.call("GET", "/bot/getgroupmembers", undefined, ws.key)).statusCode).toBe(200);
	});
});

describe("per-key rate limit", () => {
	it("defaults to 500 per minute per key", async () => {
		const res = await f.call("GET", "/bot/getgroupmembers");
		expect(res.headers["x-ratelimit-limit"]).toBe("500");
	});

	it.each(ROUTES)("429 RATE_LIMITED with Retry-After on $method $url once the key's override is spent", async (route) => {
		const ws = await f.createWorkspace({ rateLimitPerMinute: 2 });
		// The budget is the key's across all routes: spend it elsewhere first.
		expect((await f.call("GET", "/bot/getgroupmembers", undefined, ws.key)).statusCode).toBe(200);
		expect((await f.call("POST", "/bot/verification-sessions", SESSION.payload, ws.key)).statusCode).toBe(201);
		const res = await f.call(route.method, route.url, route.payload, ws.key);
		expect(res.statusCode).toBe(429);
		expect(res.json()).toMatchObject({ success: false, error: { code: "RATE_LIMITED" } });
		expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
		expect(Number(res.headers["retry-after"])).toBeLessThanOrEqual(60);
		// Another key is unaffected.
		expect((await f.call("GET", "/bot/getgroupmembers")).statusCode).toBe(200);
	});
});

describe("admin routes", () => {
	it("require a platform admin", async () => {
		const teacher = await f.t.createUser({ role: "teacher" });
		expect((await f.t.request({ method: "POST", url: "/bot/admin/tenants", payload: { name: "x" } })).statusCode).toBe(401);
		const res = await f.t.request({ method: "POST", url: "/bot/admin/tenants", payload: { name: "x" }, token: teacher.token });
		expect(res.statusCode).toBe(403);
		expect(res.json().success).toBe(false);
	});

	it("validate and 404 unknown workspaces", async () => {
		const bad = await f.t.request({ method: "POST", url: "/bot/admin/workspaces", payload: { tenantId: f.tenant.id, name: "x", robloxGroupId: "abc" }, token: f.admin.token });
		expect(bad.statusCode).toBe(400);
		expect(bad.json().error.details.field).toBe("robloxGroupId");
		const missing = await f.t.request({ method: "POST", url: "/bot/admin/workspaces/00000000-0000-4000-8000-000000000000/api-key", token: f.admin.token });
		expect(missing.statusCode).toBe(404);
		const view = await f.adminCall("GET", `/bot/admin/workspaces/${f.workspace.id}`);
		expect(view).toMatchObject({ hasRobloxCookie: true, hasOpenCloudKey: true, apiKeyHint: f.workspace.key.slice(0, 9) });
		expect(JSON.stringify(view)).not.toContain(f.workspace.key);
	});
});
