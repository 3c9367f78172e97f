import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botVerifications } from "../../src/modules/bot/tables.js";
import { FIXTURE_TIMEOUT, GUILD, startBotFixture, type BotFixture } from "./botFixture.js";

let f: BotFixture;
beforeAll(async () => {
	f = await startBotFixture();
	f.discord.members.set(`${GUILD}/300000000000000009`, { roles: [] });
}, FIXTURE_TIMEOUT);
afterAll(() => f?.close());

const DISCORD_USER = "300000000000000009";
const start = async (discordUserId = DISCORD_USER) => {
	const res = await f.call("POST", "/bot/verification-sessions", { discordUserId });
	expect(res.statusCode).toBe(201);
	return res.json().data as { state: string; expiresAt: string; authorizeUrl: string };
};
const back = (query: string) => f.t.app.inject({ method: "GET", url: `/bot/verify?${query}` });
const link = async (discordUserId = DISCORD_USER) => (await f.t.services.database.db.select().from(botVerifications).where(eq(botVerifications.discordUserId, discordUserId)))[0];

describe("verification", () => {
	it("starts a 24-hex, 10-minute session with a PKCE authorize URL", async () => {
		const session = await start();
		expect(session.state).toMatch(/^[0-9a-f]{24}$/);
		expect(Date.parse(session.expiresAt) - f.clock()).toBe(10 * 60 * 1000);
		const url = new URL(session.authorizeUrl);
		expect(url.origin + url.pathname).toBe(`${f.roblox.oauthBaseUrl}/v1/authorize`);
		expect(Object.fromEntries(url.searchParams)).toMatchObject({
			client_id: "client-1",
			redirect_uri: "https://bot.example.test/bot/verify",
			response_type: "code",
			state: session.state,
			code_challenge_method: "S256",
		});
	});

	it("completes: exchanges the code, writes the link (id + display name only), redirects to success, and GetRoles resolves", async () => {
		const session = await start();
		const { state, code } = f.roblox.consent(session.authorizeUrl, { sub: "21609999", name: "Norperz" });
		const res = await back(`state=${state}&code=${code}`);
		expect(res.statusCode).toBe(302);
		expect(res.headers.location).toBe("/?verification=success");
		expect(await link()).toMatchObject({ robloxUserId: "21609999", robloxDisplayName: "Norperz", workspaceId: f.workspace.id });
		const roles = await f.call("POST", "/bot/useraction", { method: "GetRoles", serverid: GUILD, userid: "21609999" });
		expect(roles.json()).toEqual({ success: true, data: { roles: [] } });
	});

	it("is single use: the same state fails the second time", async () => {
		const session = await start();
		const first = f.roblox.consent(session.authorizeUrl, { sub: "21600001", name: "A" });
		expect((await back(`state=${first.state}&code=${first.code}`)).headers.location).toBe("/?verification=success");
		const again = f.roblox.consent(session.authorizeUrl, { sub: "21600002", name: "B" });
		const res = await back(`state=${again.state}&code=${again.code}`);
		expect(res.statusCode).toBe(302);
		expect(res.headers.location).toBe("/?verification=failed");
		expect((await link())!.robloxUserId).toBe("21600001");
	});

	it("expires after 10 minutes", async () => {
		const session = await start("300000000000000010");
		const { state, code } = f.roblox.consent(session.authorizeUrl, { sub: "21600003", name: "C" });
		f.advance(10 * 60 * 1000 + 1);
		expect((await back(`state=${state}&code=${code}`)).headers.location).toBe("/?verification=failed");
		expect(await link("300000000000000010")).toBeUndefined();
	});

	it.each([
		["no parameters", () => ""],
		["missing code", (s: string) => `state=${s}`],
		["malformed state", () => "state=zz&code=abc"],
		["unknown state", () => `state=${"a".repeat(24)}&code=abc`],
		["consent refused", (s: string) => `state=${s}&error=access_denied`],
		["bad code", (s: string) => `state=${s}&code=not-issued`],
	])("redirects to failed: %s", async (_name, query) => {
		const session = await start("300000000000000011");
		const res = await back(query(session.state));
		expect(res.statusCode).toBe(302);
		expect(res.headers.location).toBe("/?verification=failed");
		expect(await link("300000000000000011")).toBeUndefined();
	});

	it("redirects to failed when Roblox OAuth is down", async () => {
		const session = await start("300000000000000012");
		const { state, code } = f.roblox.consent(session.authorizeUrl, { sub: "21600004", name: "D" });
		f.roblox.script("token", { status: 503 });
		expect((await back(`state=${state}&code=${code}`)).headers.location).toBe("/?verification=failed");
	});

	it("400 for a bad Discord user id when starting", async () => {
		const res = await f.call("POST", "/bot/verification-sessions", { discordUserId: "me" });
		expect(res.statusCode).toBe(400);
		expect(res.json().error.details.field).toBe("discordUserId");
	});
});
