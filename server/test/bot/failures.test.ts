import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botWorkspaces } from "../../src/modules/bot/tables.js";
import { FIXTURE_TIMEOUT, CHANNEL, GROUP, GUILD, startBotFixture, type BotFixture } from "./botFixture.js";

/** Unexpected failures (our side, not the caller's or an upstream's) still answer in the envelope. */
let f: BotFixture;
beforeAll(async () => {
	f = await startBotFixture({ ROBLOX_OAUTH_CLIENT_ID: "" });
	f.roblox.groups.set(GROUP, { roles: [{ id: "2", name: "Members", rank: 1 }], members: [{ userId: "1", username: "a", roleId: "2" }] });
}, FIXTURE_TIMEOUT);
afterAll(() => f?.close());

describe("configuration gaps", () => {
	it("verification-sessions: 503 SERVICE_UNAVAILABLE without Roblox OAuth client credentials; /verify redirects to failed", async () => {
		const res = await f.call("POST", "/bot/verification-sessions", { discordUserId: "300000000000000001" });
		expect(res.statusCode).toBe(503);
		expect(res.json()).toMatchObject({ success: false, error: { code: "SERVICE_UNAVAILABLE" } });
		const back = await f.t.app.inject({ method: "GET", url: `/bot/verify?state=${"b".repeat(24)}&code=x` });
		expect(back.headers.location).toBe("/?verification=failed");
	});

	it("documents the bot routes in /openapi.json", async () => {
		const spec = (await f.t.app.inject({ method: "GET", url: "/openapi.json" })).json();
		for (const path of ["/bot/webhook", "/bot/useraction", "/bot/bulkexile", "/bot/verification-sessions"]) expect(spec.paths[path].post).toBeDefined();
		for (const path of ["/bot/getgroupmembers", "/bot/verify"]) expect(spec.paths[path].get).toBeDefined();
		expect(spec.paths["/bot/admin/workspaces/{id}/api-key"].post).toBeDefined();
		expect(Object.keys(spec.paths["/bot/webhook"].post.responses)).toEqual(expect.arrayContaining(["200", "400", "401", "403", "404", "429", "500", "502"]));
	});
});

describe("unexpected errors", () => {
	it("bulkexile: 500 BULKEXILE_ERROR with a body when the sealed cookie cannot be opened", async () => {
		await f.t.services.database.db.update(botWorkspaces).set({ robloxCookieSealed: "v1.broken.seal.value" });
		const res = await f.call("POST", "/bot/bulkexile", { users: ["1"] });
		expect(res.statusCode).toBe(500);
		expect(res.json()).toMatchObject({ success: false, error: { code: "BULKEXILE_ERROR", message: expect.stringMatching(/^Bulk exile failed/) } });
	});

	it("getgroupmembers: 500 INTERNAL_ERROR when the sealed Open Cloud key cannot be opened", async () => {
		await f.t.services.database.db.update(botWorkspaces).set({ openCloudKeySealed: "v1.broken.seal.value" });
		const res = await f.call("GET", "/bot/getgroupmembers");
		expect(res.statusCode).toBe(500);
		expect(res.json()).toMatchObject({ success: false, error: { code: "INTERNAL_ERROR" } });
	});

	it("useraction: 500 INTERNAL_ERROR when the verification store is unavailable", async () => {
		await f.t.services.database.db.execute(sql`alter table bot_account_links rename to bot_account_links_gone`);
		const res = await f.call("POST", "/bot/useraction", { method: "Timeout", serverid: GUILD, users: ["1"], state: 1000 });
		expect(res.statusCode).toBe(500);
		expect(res.json()).toMatchObject({ success: false, error: { code: "INTERNAL_ERROR" } });
	});

	it("webhook: 500 INTERNAL_ERROR when the moderation log cannot be written", async () => {
		await f.t.services.database.db.execute(sql`alter table bot_moderation_logs rename to bot_moderation_logs_gone`);
		const res = await f.call("POST", "/bot/webhook", { method: "Message", cid: CHANNEL, message: "x" });
		expect(res.statusCode).toBe(500);
		expect(res.json()).toMatchObject({ success: false, error: { code: "INTERNAL_ERROR" } });
	});

	it("webhook: 502 when Discord rejects the bot token (the client then drops the token)", async () => {
		f.discord.setToken("rotated-token");
		const res = await f.call("POST", "/bot/webhook", { method: "Message", cid: "200000000000000008", message: "x" });
		expect(res.statusCode).toBe(502);
		expect(res.json().error.code).toBe("DISCORD_API_ERROR");
		expect(f.discord.requests.at(-1)!.url).toBe("/api/v10/channels/200000000000000008");
	});
});
