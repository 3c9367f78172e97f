import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_TIMEOUT, GROUP, startBotFixture, type BotFixture } from "./botFixture.js";

let f: BotFixture;
const roles = [
	{ id: "10", name: "Guest", rank: 0 },
	...Array.from({ length: 24 }, (_, i) => ({ id: String(100 + i), name: `Rank ${i + 1}`, rank: i + 1 })),
];
beforeAll(async () => {
	f = await startBotFixture();
	// 250 members (3 Open Cloud pages), every 10th a guest; 25 roles (2 role pages).
	f.roblox.groups.set(GROUP, {
		roles,
		members: Array.from({ length: 250 }, (_, i) => ({ userId: String(5000 + i), username: `user${i}`, roleId: i % 10 === 0 ? "10" : String(100 + (i % 24)) })),
	});
}, FIXTURE_TIMEOUT);
afterAll(() => f?.close());

const membershipCalls = () => f.roblox.requests.filter((r) => r.url.startsWith(`/cloud/v2/groups/${GROUP}/memberships`));

describe("GET /bot/getgroupmembers", () => {
	it("walks every Open Cloud page (100 per page), joins cached roles, drops guests, empty usernames", async () => {
		const before = membershipCalls().length;
		const res = await f.call("GET", "/bot/getgroupmembers");
		expect(res.statusCode).toBe(200);
		const data = res.json().data;
		expect(data.count).toBe(225);
		expect(data.members).toHaveLength(225);
		expect(data.includeGuestRank).toBe(false);
		expect(data.members[0]).toEqual({ userId: "5001", username: "", role: "Rank 2" });
		expect(data.members.some((m: { role: string }) => m.role === "Guest")).toBe(false);
		const calls = membershipCalls().slice(before);
		expect(calls).toHaveLength(3);
		expect(calls.every((c) => c.url.includes("maxPageSize=100"))).toBe(true);
	});

	it.each(["1", "true", "yes", "YES"])("includes guests with includeGuestRank=%s, reusing the role cache", async (value) => {
		const roleCalls = f.roblox.requests.filter((r) => r.url.includes("/roles")).length;
		const res = await f.call("GET", `/bot/getgroupmembers?includeGuestRank=${value}`);
		expect(res.json().data).toMatchObject({ count: 250, includeGuestRank: true });
		expect(f.roblox.requests.filter((r) => r.url.includes("/roles")).length).toBe(roleCalls);
	});

	it.each(["0", "false", "no", "maybe"])("leaves guests out with includeGuestRank=%s", async (value) => {
		const res = await f.call("GET", `/bot/getgroupmembers?includeGuestRank=${value}`);
		expect(res.json().data).toMatchObject({ count: 225, includeGuestRank: false });
	});

	it("reloads roles after the cache expires and when a membership names an unknown role", async () => {
		f.advance(11 * 60 * 1000);
		const roleCalls = () => f.roblox.requests.filter((r) => r.url.includes("/roles")).length;
		const before = roleCalls();
		await f.call("GET", "/bot/getgroupmembers");
		expect(roleCalls() - before).toBe(2); // 25 roles = 2 pages of 20
		f.roblox.groups.get(GROUP)!.roles.push({ id: "999", name: "New role", rank: 200 });
		f.roblox.groups.get(GROUP)!.members.push({ userId: "9999", username: "late", roleId: "999" });
		const res = await f.call("GET", "/bot/getgroupmembers");
		expect(res.json().data.members.at(-1)).toEqual({ userId: "9999", username: "", role: "New role" });
		f.roblox.groups.get(GROUP)!.members.pop();
	});

	it("honours Retry-After on an Open Cloud 429 and still answers", async () => {
		f.roblox.script(`memberships ${GROUP}`, { status: 429, retryAfter: 7 });
		const start = f.clock();
		const res = await f.call("GET", "/bot/getgroupmembers");
		expect(res.statusCode).toBe(200);
		expect(f.clock() - start).toBe(7000);
	});

	it("answers 502 ROBLOX_API_ERROR when Open Cloud keeps failing", async () => {
		f.roblox.script(`memberships ${GROUP}`, { status: 500 });
		const res = await f.call("GET", "/bot/getgroupmembers");
		expect(res.statusCode).toBe(502);
		expect(res.json().error.code).toBe("ROBLOX_API_ERROR");
		expect(res.json().error.message).toMatch(/^Failed to fetch group members: /);

		f.roblox.script(`memberships ${GROUP}`, { status: 429, retryAfter: 1 }, { status: 429, retryAfter: 1 }, { status: 429, retryAfter: 1 });
		const limited = await f.call("GET", "/bot/getgroupmembers");
		expect(limited.statusCode).toBe(502);
	});

	it("answers 502 when the workspace's Open Cloud key is refused", async () => {
		const ws = await f.createWorkspace({ openCloudKey: "wrong-key" });
		const res = await f.call("GET", "/bot/getgroupmembers", undefined, ws.key);
		expect(res.statusCode).toBe(502);
		expect(res.json().error.message).toMatch(/401/);
	});

	it("falls back to the cookie listing without an Open Cloud key, filling usernames", async () => {
		const ws = await f.createWorkspace({ openCloudKey: null });
		const res = await f.call("GET", "/bot/getgroupmembers", undefined, ws.key);
		expect(res.statusCode).toBe(200);
		const data = res.json().data;
		expect(data.count).toBe(225);
		expect(data.members[0]).toEqual({ userId: "5001", username: "user1", role: "Rank 2" });
		const all = await f.call("GET", "/bot/getgroupmembers?includeGuestRank=true", undefined, ws.key);
		expect(all.json().data.count).toBe(250);
	});

	it("answers 502 without any Roblox credential", async () => {
		const ws = await f.createWorkspace({ openCloudKey: null, cookie: null });
		const res = await f.call("GET", "/bot/getgroupmembers", undefined, ws.key);
		expect(res.statusCode).toBe(502);
		expect(res.json().error.code).toBe("ROBLOX_API_ERROR");
	});

	it("reads only its own group", async () => {
		const ws = await f.createWorkspace({ group: "77" });
		f.roblox.groups.set("77", { roles, members: [{ userId: "1", username: "solo", roleId: "100" }] });
		const res = await f.call("GET", "/bot/getgroupmembers", undefined, ws.key);
		expect(res.json().data).toMatchObject({ count: 1, members: [{ userId: "1", username: "", role: "Rank 1" }] });
	});
});
