import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { botModerationLogs } from "../../src/modules/bot/tables.js";
import { FIXTURE_TIMEOUT, GROUP, startBotFixture, type BotFixture } from "./botFixture.js";

let f: BotFixture;
const roles = [
	{ id: "1", name: "Guest", rank: 0 },
	{ id: "2", name: "Members", rank: 1 },
];
beforeAll(async () => {
	f = await startBotFixture();
	f.roblox.usernames.set("norperz", 21609523);
	f.roblox.usernames.set("builderman", 156);
}, FIXTURE_TIMEOUT);
beforeEach(() => {
	f.roblox.groups.set(GROUP, {
		roles,
		members: ["21609523", "156", "1001", "1002", "1003"].map((userId) => ({ userId, username: `u${userId}`, roleId: "2" })),
	});
});
afterAll(() => f?.close());

const exile = (users: string[], key?: string) => f.call("POST", "/bot/bulkexile", { users }, key);
const deletes = (user: string) => f.roblox.requests.filter((r) => r.method === "DELETE" && r.url === `/v1/groups/${GROUP}/users/${user}`);

describe("POST /bot/bulkexile", () => {
	it("exiles users given by name or id, doing the CSRF dance, and logs each exile", async () => {
		const res = await exile(["NorPerz", "156"]);
		expect(res.statusCode).toBe(200);
		expect(res.json()).toEqual({
			success: true,
			data: {
				results: [
					{ user: "NorPerz", success: true, message: "Exiled", attempts: 1 },
					{ user: "156", success: true, message: "Exiled", attempts: 1 },
				],
				total: 2,
				exiled: 2,
				failed: 0,
			},
		});
		const first = deletes("21609523");
		expect(first.map((r) => r.csrf)).toEqual([undefined, "csrf-1"]); // 403 + token, then the real call
		expect(deletes("156").map((r) => r.csrf)).toEqual(["csrf-1"]); // token reused
		expect(f.roblox.groups.get(GROUP)!.members.map((m) => m.userId)).toEqual(["1001", "1002", "1003"]);
		const logs = await f.t.services.database.db.select().from(botModerationLogs).where(eq(botModerationLogs.workspaceId, f.workspace.id));
		expect(logs.filter((l) => l.action === "bulk_exile").map((l) => l.target).sort()).toEqual(["156", "NorPerz"]);
	});

	it("pauses 90 s after a Roblox 429 and retries, up to 3 attempts per user", async () => {
		f.roblox.script("exile 1001", { status: 429 }, { status: 429 }); // third try succeeds
		f.roblox.script("exile 1002", { status: 429 }, { status: 429 }, { status: 429 }); // gives up
		const res = await exile(["1001", "1002"]);
		expect(res.statusCode).toBe(200);
		const { results, exiled, failed } = res.json().data;
		expect(results[0]).toEqual({ user: "1001", success: true, message: "Exiled", attempts: 3 });
		expect(results[1]).toMatchObject({ user: "1002", success: false, attempts: 3 });
		expect(results[1].message).toMatch(/429/);
		expect([exiled, failed]).toEqual([1, 1]);
		const times = deletes("1001").map((r) => r.at);
		expect(times[1] - times[0]).toBe(90_000);
		expect(times[2] - times[1]).toBe(90_000);
		expect(deletes("1002")).toHaveLength(3);
	});

	it("stops a user at the first non-429 failure and reports unresolvable names with attempts 0", async () => {
		f.roblox.script("exile 1003", { status: 500, message: "InternalServerError" });
		const res = await exile(["1003", "nobody_here", "1001"]);
		expect(res.statusCode).toBe(200);
		const results = res.json().data.results;
		expect(results[0]).toEqual({ user: "1003", success: false, message: "Roblox API error: 500 InternalServerError", attempts: 1 });
		expect(results[1]).toEqual({ user: "nobody_here", success: false, message: "Roblox user 'nobody_here' not found", attempts: 0 });
		expect(results[2].success).toBe(true);
		expect(deletes("1003")).toHaveLength(1);
	});

	it("answers 404 NOT_IN_GROUP with the same details when every user failed", async () => {
		const res = await exile(["424242", "ghost_user"]);
		expect(res.statusCode).toBe(404);
		expect(res.json()).toEqual({
			success: false,
			error: {
				code: "NOT_IN_GROUP",
				message: "None of the specified users could be exiled.",
				details: {
					results: [
						{ user: "424242", success: false, message: "Roblox API error: 400 The user is invalid or does not exist.", attempts: 1 },
						{ user: "ghost_user", success: false, message: "Roblox user 'ghost_user' not found", attempts: 0 },
					],
					total: 2,
					exiled: 0,
					failed: 2,
				},
			},
		});
	});

	it("marks names unresolved when the username lookup fails", async () => {
		f.roblox.script("usernames", { status: 503 });
		const res = await exile(["norperz"]);
		expect(res.statusCode).toBe(404);
		expect(res.json().error.details.results[0]).toMatchObject({ attempts: 0, message: expect.stringMatching(/^Username lookup failed/) });
	});

	it("fails every user of a workspace without a cookie (404), never calling Roblox's group API", async () => {
		const bare = await f.createWorkspace({ cookie: null });
		const count = f.roblox.requests.length;
		const res = await exile(["156"], bare.key);
		expect(res.statusCode).toBe(404);
		expect(res.json().error.details.results[0]).toMatchObject({ success: false, message: "Group cookie is not configured for this workspace" });
		expect(f.roblox.requests.length).toBe(count);
	});

	it("refreshes an expired CSRF token mid-batch", async () => {
		f.roblox.rotateCsrf();
		const before = deletes("1001").length;
		const res = await exile(["1001"]);
		expect(res.statusCode).toBe(200);
		const sent = deletes("1001").slice(before).map((r) => r.csrf);
		expect(sent).toHaveLength(2); // stale token refused with a fresh one, then the retry
		expect(sent[1]).toMatch(/^csrf-\d+$/);
		expect(sent[1]).not.toBe(sent[0]);
	});

	it("only touches its own group", async () => {
		const other = await f.createWorkspace({ group: "8" });
		f.roblox.groups.set("8", { roles, members: [{ userId: "1001", username: "x", roleId: "2" }] });
		const res = await exile(["1001"], other.key);
		expect(res.statusCode).toBe(200);
		expect(f.roblox.groups.get("8")!.members).toHaveLength(0);
		expect(f.roblox.groups.get(GROUP)!.members.map((m) => m.userId)).toContain("1001");
	});

	it.each([
		["no users", {}, "users"],
		["empty list", { users: [] }, "users"],
		["non-string entry", { users: [156] }, "users.0"],
		["empty name", { users: [""] }, "users.0"],
		["over 100 users", { users: Array.from({ length: 101 }, (_, i) => String(i + 1)) }, "users"],
	])("400 VALIDATION_ERROR: %s", async (_name, payload, field) => {
		const res = await f.call("POST", "/bot/bulkexile", payload);
		expect(res.statusCode).toBe(400);
		expect(res.json().error.code).toBe("VALIDATION_ERROR");
		expect(res.json().error.details.field).toBe(field);
	});
});
