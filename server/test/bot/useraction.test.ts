import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botAccountLinks, botModerationLogs } from "../../src/modules/bot/tables.js";
import { FIXTURE_TIMEOUT, GUILD, OTHER_GUILD, startBotFixture, type BotFixture } from "./botFixture.js";

let f: BotFixture;
const ALICE = { roblox: "21609523", discord: "300000000000000001" };
const BOB = { roblox: "21609524", discord: "300000000000000002" };
const GONE = { roblox: "21609525", discord: "300000000000000003" }; // verified, left the guild
const UNVERIFIED = "21609526";
const ROLE_A = "400000000000000001";
const ROLE_B = "400000000000000002";

beforeAll(async () => {
	f = await startBotFixture();
	const now = new Date(f.clock());
	// Links verified on both legs in this workspace's guild (as GET /bot/verify writes them).
	await f.t.services.database.db
		.insert(botAccountLinks)
		.values([ALICE, BOB, GONE].map((u) => ({ workspaceId: f.workspace.id, guildId: GUILD, discordVerified: true, discordUserId: u.discord, robloxUserId: u.roblox, verifiedAt: now })));
	f.discord.roles.set(GUILD, [
		{ id: ROLE_A, name: "Members", color: 12891984 },
		{ id: ROLE_B, name: "Moderators", color: 255 },
	]);
	f.discord.members.set(`${GUILD}/${ALICE.discord}`, { roles: [ROLE_A], inVoice: true });
	f.discord.members.set(`${GUILD}/${BOB.discord}`, { roles: [] });
}, FIXTURE_TIMEOUT);
afterAll(() => f?.close());

const action = (payload: object) => f.call("POST", "/bot/useraction", { serverid: GUILD, ...payload });
const patches = (user: string) => f.discord.requests.filter((r) => r.method === "PATCH" && r.url.endsWith(`/members/${user}`));

describe("POST /bot/useraction", () => {
	it("GetRoles returns the linked member's roles with names and colours", async () => {
		const res = await action({ method: "GetRoles", userid: ALICE.roblox });
		expect(res.statusCode).toBe(200);
		expect(res.json()).toEqual({ success: true, data: { roles: [{ id: ROLE_A, name: "Members", color: 12891984 }] } });
	});

	it("GetRoles: 404 NOT_VERIFIED without a link, 404 NOT_FOUND when the member left", async () => {
		const unverified = await action({ method: "GetRoles", userid: UNVERIFIED });
		expect(unverified.statusCode).toBe(404);
		expect(unverified.json()).toEqual({ success: false, error: { code: "NOT_VERIFIED", message: `Roblox user ${UNVERIFIED} has no linked Discord account.` } });
		const gone = await action({ method: "GetRoles", userid: GONE.roblox });
		expect(gone.statusCode).toBe(404);
		expect(gone.json().error.code).toBe("NOT_FOUND");
	});

	it("GetRoles: 502 DISCORD_API_ERROR when Discord fails", async () => {
		f.discord.script(`GET member ${ALICE.discord}`, { status: 500 }, { status: 500 });
		const res = await action({ method: "GetRoles", userid: ALICE.roblox });
		expect(res.statusCode).toBe(502);
		expect(res.json().error.code).toBe("DISCORD_API_ERROR");
	});

	it("Timeout sets communication_disabled_until from the clock, skipping unverified and absent members", async () => {
		const res = await action({ method: "Timeout", users: [ALICE.roblox, UNVERIFIED, GONE.roblox], state: 3_600_000 });
		expect(res.statusCode).toBe(200);
		expect(res.json()).toEqual({ success: true, data: null });
		const last = patches(ALICE.discord).at(-1)!;
		expect(last.body).toEqual({ communication_disabled_until: new Date(f.clock() + 3_600_000).toISOString() });
		expect(last.reason).toBeTruthy();
		const logs = await f.t.services.database.db.select().from(botModerationLogs).where(eq(botModerationLogs.workspaceId, f.workspace.id));
		expect(logs.filter((l) => l.action === "useraction_Timeout").map((l) => l.target)).toEqual([ALICE.discord]);
	});

	it("Timeout caps at Discord's 28 days; 0 and false clear it", async () => {
		await action({ method: "Timeout", userid: ALICE.roblox, state: 60 * 24 * 3600 * 1000 });
		expect(patches(ALICE.discord).at(-1)!.body).toEqual({ communication_disabled_until: new Date(f.clock() + 28 * 24 * 3600 * 1000).toISOString() });
		await action({ method: "Timeout", userid: ALICE.roblox, state: 0 });
		expect(patches(ALICE.discord).at(-1)!.body).toEqual({ communication_disabled_until: null });
		await action({ method: "Timeout", users: [ALICE.roblox], state: false });
		expect(patches(ALICE.discord).at(-1)!.body).toEqual({ communication_disabled_until: null });
	});

	it("Mute and Deafen patch voice state; a member not in voice is skipped, not surfaced", async () => {
		const mute = await action({ method: "Mute", users: [ALICE.roblox, BOB.roblox], state: true });
		expect(mute.statusCode).toBe(200);
		expect(patches(ALICE.discord).at(-1)!.body).toEqual({ mute: true });
		expect(patches(BOB.discord).at(-1)!.body).toEqual({ mute: true }); // Discord answered 400: not in voice
		const deafen = await action({ method: "Deafen", userid: ALICE.roblox, state: false });
		expect(deafen.statusCode).toBe(200);
		expect(patches(ALICE.discord).at(-1)!.body).toEqual({ deaf: false });
	});

	it("AddRoles PUTs and RemoveRoles DELETEs each space-separated role", async () => {
		const add = await action({ method: "AddRoles", userid: BOB.roblox, roles: `${ROLE_A} ${ROLE_B}` });
		expect(add.statusCode).toBe(200);
		expect(f.discord.members.get(`${GUILD}/${BOB.discord}`)!.roles.sort()).toEqual([ROLE_A, ROLE_B]);
		const remove = await action({ method: "RemoveRoles", userid: BOB.roblox, roles: ROLE_B });
		expect(remove.statusCode).toBe(200);
		expect(f.discord.members.get(`${GUILD}/${BOB.discord}`)!.roles).toEqual([ROLE_A]);
		const skipped = await action({ method: "AddRoles", userid: UNVERIFIED, roles: ROLE_A });
		expect(skipped.json()).toEqual({ success: true, data: null });
	});

	it("answers 502 when Discord is down for an action (5xx after retries)", async () => {
		f.discord.script(`PATCH member ${ALICE.discord}`, { status: 503 }, { status: 503 });
		const res = await action({ method: "Mute", userid: ALICE.roblox, state: true });
		expect(res.statusCode).toBe(502);
		expect(res.json().error.code).toBe("DISCORD_API_ERROR");
	});

	it("waits out a 429 on a member action", async () => {
		f.discord.script(`PATCH member ${ALICE.discord}`, { status: 429, retryAfter: 0.05 });
		const before = patches(ALICE.discord).length;
		const res = await action({ method: "Mute", userid: ALICE.roblox, state: false });
		expect(res.statusCode).toBe(200);
		expect(patches(ALICE.discord).length - before).toBe(2);
	});

	it("refuses a guild the workspace does not own with 404, touching nothing", async () => {
		const count = f.discord.requests.length;
		const res = await f.call("POST", "/bot/useraction", { method: "Timeout", serverid: OTHER_GUILD, users: [ALICE.roblox], state: 1000 });
		expect(res.statusCode).toBe(404);
		expect(res.json().error.code).toBe("NOT_FOUND");
		expect(f.discord.requests.length).toBe(count);
	});

	const invalid: [string, object, string][] = [
		["missing method", { userid: ALICE.roblox }, "method"],
		["missing serverid", { method: "GetRoles", serverid: undefined, userid: ALICE.roblox }, "serverid"],
		["GetRoles without userid", { method: "GetRoles" }, "userid"],
		["Timeout without targets", { method: "Timeout", state: 1000 }, "users"],
		["Timeout without state", { method: "Timeout", users: [ALICE.roblox] }, "state"],
		["Timeout with true", { method: "Timeout", users: [ALICE.roblox], state: true }, "state"],
		["negative Timeout", { method: "Timeout", users: [ALICE.roblox], state: -5 }, "state"],
		["Mute with a number", { method: "Mute", users: [ALICE.roblox], state: 1 }, "state"],
		["AddRoles without roles", { method: "AddRoles", userid: ALICE.roblox }, "roles"],
		["RemoveRoles with a bad role id", { method: "RemoveRoles", userid: ALICE.roblox, roles: "admin" }, "roles"],
		["non-numeric Roblox id", { method: "GetRoles", userid: "norperz" }, "userid"],
		["state as a string", { method: "Timeout", users: [ALICE.roblox], state: "1000" }, "state"],
	];
	it.each(invalid)("400 VALIDATION_ERROR: %s", async (_name, payload, field) => {
		const res = await action(payload);
		expect(res.statusCode).toBe(400);
		expect(res.json().error.code).toBe("VALIDATION_ERROR");
		expect(String(res.json().error.details.field)).toContain(field);
	});
});
