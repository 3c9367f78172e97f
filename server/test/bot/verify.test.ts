import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botAccountLinks } from "../../src/modules/bot/tables.js";
import { FIXTURE_TIMEOUT, GUILD, OTHER_GUILD, startBotFixture, type BotFixture } from "./botFixture.js";

let f: BotFixture;
let other: { id: string; key: string }; // a second workspace, on another guild
beforeAll(async () => {
	f = await startBotFixture();
	f.discord.members.set(`${GUILD}/300000000000000009`, { roles: [] });
	other = await f.createWorkspace({ guilds: [OTHER_GUILD] });
}, FIXTURE_TIMEOUT);
afterAll(() => f?.close());

const DISCORD_USER = "300000000000000009";
const member = (id = DISCORD_USER, guilds = [GUILD]) => ({ id, guilds });
const start = async (discordUserId = DISCORD_USER, key = f.workspace.key) => {
	const res = await f.call("POST", "/bot/verification-sessions", { discordUserId }, key);
	expect(res.statusCode).toBe(201);
	return res.json().data as { state: string; expiresAt: string; authorizeUrl: string };
};
const back = (path: string, query: string) => f.t.app.inject({ method: "GET", url: `/bot/${path}?${query}` });
const link = async (discordUserId = DISCORD_USER, workspaceId = f.workspace.id) =>
	(await f.t.services.database.db.select().from(botAccountLinks).where(and(eq(botAccountLinks.discordUserId, discordUserId), eq(botAccountLinks.workspaceId, workspaceId))))[0];

/** The Discord leg: the user signs in to Discord as `account`; returns the redirect. */
async function discordLeg(session: { authorizeUrl: string }, account = member()) {
	const { state, code } = f.discordOAuth.consent(session.authorizeUrl, account);
	return back("verify/discord", `state=${state}&code=${code}`);
}

/** Both legs; returns the final redirect location. */
async function verify(session: { authorizeUrl: string }, discord: { id: string; guilds: string[] }, roblox: { sub: string; name: string }) {
	const first = await discordLeg(session, discord);
	expect(first.statusCode).toBe(302);
	if (!first.headers.location!.startsWith("http")) return first.headers.location;
	const { state, code } = f.roblox.consent(first.headers.location!, roblox);
	return (await back("verify", `state=${state}&code=${code}`)).headers.location;
}

describe("verification", () => {
	it("starts a 24-hex, 10-minute session with a Discord PKCE authorize URL (identify + guilds)", async () => {
		const session = await start();
		expect(session.state).toMatch(/^[0-9a-f]{24}$/);
		expect(Date.parse(session.expiresAt) - f.clock()).toBe(10 * 60 * 1000);
		const url = new URL(session.authorizeUrl);
		expect(url.origin + url.pathname).toBe(`${f.discordOAuth.baseUrl}/oauth2/authorize`);
		expect(Object.fromEntries(url.searchParams)).toMatchObject({
			client_id: "discord-client-1",
			redirect_uri: "https://bot.example.test/bot/verify/discord",
			response_type: "code",
			scope: "identify guilds",
			state: session.state,
			code_challenge_method: "S256",
		});
	});

	it("completes: Discord proves the user, Roblox the account; the link is written for this workspace and GetRoles resolves", async () => {
		const session = await start();
		const first = await discordLeg(session);
		expect(first.statusCode).toBe(302);
		const roblox = new URL(first.headers.location!);
		expect(roblox.origin + roblox.pathname).toBe(`${f.roblox.oauthBaseUrl}/v1/authorize`);
		expect(roblox.searchParams.get("state")).toMatch(/^[0-9a-f]{24}$/);
		expect(roblox.searchParams.get("state")).not.toBe(session.state);
		expect(roblox.searchParams.get("code_challenge_method")).toBe("S256");
		const { state, code } = f.roblox.consent(first.headers.location!, { sub: "21609999", name: "Norperz" });
		const res = await back("verify", `state=${state}&code=${code}`);
		expect(res.headers.location).toBe("/?verification=success");
		expect(await link()).toMatchObject({ robloxUserId: "21609999", robloxDisplayName: "Norperz", guildId: GUILD, discordVerified: true });
		const roles = await f.call("POST", "/bot/useraction", { method: "GetRoles", serverid: GUILD, userid: "21609999" });
		expect(roles.json()).toEqual({ success: true, data: { roles: [] } });
	});

	// Issue 17 finding 4, the exact sequence: another workspace's key opens a session for the
	// victim's Discord id and completes the Roblox OAuth with the attacker's own Roblox account.
	it("refuses the takeover: a foreign workspace key cannot link a victim's Discord id to the attacker's Roblox account", async () => {
		const victim = "300000000000000077";
		const attackerRoblox = { sub: "21666666", name: "Attacker" };
		const session = await start(victim, other.key);
		// The attacker cannot sign in to Discord as the victim: with their own Discord account the first leg fails.
		expect(await verify(session, { id: "300000000000000066", guilds: [OTHER_GUILD] }, attackerRoblox)).toBe("/?verification=failed");
		// Skipping the Discord leg: the Discord state is not a Roblox state, and the Roblox state was never handed out.
		const skip = f.roblox.consent(session.authorizeUrl, attackerRoblox);
		expect((await back("verify", `state=${skip.state}&code=${skip.code}`)).headers.location).toBe("/?verification=failed");
		expect(await link(victim, other.id)).toBeUndefined();
		expect(await link(victim, f.workspace.id)).toBeUndefined();
		// Nothing resolves for the attacker's Roblox id, in either workspace.
		const roles = await f.call("POST", "/bot/useraction", { method: "GetRoles", serverid: GUILD, userid: attackerRoblox.sub });
		expect(roles.statusCode).toBe(404);
		expect(roles.json().error.code).toBe("NOT_VERIFIED");
	});

	it("refuses a user who is not a member of the workspace's guilds", async () => {
		const session = await start("300000000000000078");
		expect(await verify(session, member("300000000000000078", [OTHER_GUILD]), { sub: "21600078", name: "X" })).toBe("/?verification=failed");
		expect(await link("300000000000000078")).toBeUndefined();
	});

	it("scopes links to the workspace: another workspace cannot read a link made here", async () => {
		const user = "300000000000000079";
		expect(await verify(await start(user), member(user, [GUILD, OTHER_GUILD]), { sub: "21600079", name: "Both" })).toBe("/?verification=success");
		const mine = await f.call("POST", "/bot/useraction", { method: "GetRoles", serverid: GUILD, userid: "21600079" });
		expect(mine.json().error?.code).not.toBe("NOT_VERIFIED");
		const theirs = await f.call("POST", "/bot/useraction", { method: "GetRoles", serverid: OTHER_GUILD, userid: "21600079" }, other.key);
		expect(theirs.statusCode).toBe(404);
		expect(theirs.json().error.code).toBe("NOT_VERIFIED");
	});

	it("is single use on both legs", async () => {
		const session = await start();
		const { state, code } = f.discordOAuth.consent(session.authorizeUrl, member());
		const first = await back("verify/discord", `state=${state}&code=${code}`);
		const again = f.discordOAuth.consent(session.authorizeUrl, member());
		expect((await back("verify/discord", `state=${again.state}&code=${again.code}`)).headers.location).toBe("/?verification=failed");
		const r1 = f.roblox.consent(first.headers.location!, { sub: "21600001", name: "A" });
		expect((await back("verify", `state=${r1.state}&code=${r1.code}`)).headers.location).toBe("/?verification=success");
		const r2 = f.roblox.consent(first.headers.location!, { sub: "21600002", name: "B" });
		expect((await back("verify", `state=${r2.state}&code=${r2.code}`)).headers.location).toBe("/?verification=failed");
		expect((await link())!.robloxUserId).toBe("21600001");
	});

	it("expires after 10 minutes", async () => {
		const session = await start("300000000000000010");
		const first = await discordLeg(session, member("300000000000000010"));
		const { state, code } = f.roblox.consent(first.headers.location!, { sub: "21600003", name: "C" });
		f.advance(10 * 60 * 1000 + 1);
		expect((await back("verify", `state=${state}&code=${code}`)).headers.location).toBe("/?verification=failed");
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
		for (const path of ["verify/discord", "verify"]) {
			const res = await back(path, query(session.state));
			expect(res.statusCode).toBe(302);
			expect(res.headers.location).toBe("/?verification=failed");
		}
		expect(await link("300000000000000011")).toBeUndefined();
	});

	it("redirects to failed when Roblox OAuth is down", async () => {
		const session = await start("300000000000000012");
		const first = await discordLeg(session, member("300000000000000012"));
		const { state, code } = f.roblox.consent(first.headers.location!, { sub: "21600004", name: "D" });
		f.roblox.script("token", { status: 503 });
		expect((await back("verify", `state=${state}&code=${code}`)).headers.location).toBe("/?verification=failed");
	});

	it("400 for a bad Discord user id when starting", async () => {
		const res = await f.call("POST", "/bot/verification-sessions", { discordUserId: "me" });
		expect(res.statusCode).toBe(400);
		expect(res.json().error.details.field).toBe("discordUserId");
	});
});
