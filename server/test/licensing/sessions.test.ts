import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INTERVAL_MS, startLicensing, type LicensingApp } from "./licensingApp.js";

let L: LicensingApp;
let scriptId: string;
let keyA: { id: string; key: string };
let keyB: { id: string; key: string };
/** Session ids in creation order; each created 1 s after the previous one. */
const opened: { id: string; key: string; roblox_id: number; place_id: number; job_id: string; created_at: number }[] = [];

beforeAll(async () => {
	L = await startLicensing();
	scriptId = await L.createScript();
	keyA = await L.createKey(scriptId);
	keyB = await L.createKey(scriptId);
	const plan = [
		{ key: keyA, roblox_id: 111, place_id: 1001, job_id: "job-1" },
		{ key: keyA, roblox_id: 111, place_id: 1001, job_id: "job-2" },
		{ key: keyA, roblox_id: 111, place_id: 1002, job_id: "job-3" },
		{ key: keyB, roblox_id: 222, place_id: 1001, job_id: "job-4" },
		{ key: keyB, roblox_id: 222, place_id: 2002, job_id: "job-5" },
	];
	for (const p of plan) {
		L.advance(1000);
		const id = await L.open(scriptId, { key: p.key.key, roblox_id: p.roblox_id, place_id: p.place_id, job_id: p.job_id });
		opened.push({ id, key: p.key.id, roblox_id: p.roblox_id, place_id: p.place_id, job_id: p.job_id, created_at: L.now() });
	}
});
afterAll(() => L.close());

const list = (body: unknown) => L.owner("POST", `/scripts/${scriptId}/sessions`, body);
const filter = (query: string) => L.owner("GET", `/scripts/${scriptId}/sessions/filter${query}`);
const ids = (res: { json(): { sessions: { id: string }[] } }) => res.json().sessions.map((s) => s.id);
const newestFirst = () => [...opened].reverse().map((s) => s.id);

describe("POST /scripts/:script_id/sessions", () => {
	it("lists live sessions newest first with the spec's fields and ms timestamps", async () => {
		const res = await list({});
		expect(res.statusCode).toBe(200);
		expect(ids(res)).toEqual(newestFirst());
		const last = opened[opened.length - 1];
		expect(res.json().sessions[0]).toEqual({
			id: last.id,
			user_key: keyB.id,
			script_id: scriptId,
			roblox_id: 222,
			place_id: 2002,
			job_id: "job-5",
			created_at: last.created_at,
		});
		expect(last.created_at).toBe(L.now());
		expect(last.created_at).toBeGreaterThan(1e12);
	});

	it("pages with from and limit", async () => {
		expect(ids(await list({ from: 1, limit: 2 }))).toEqual(newestFirst().slice(1, 3));
		expect(ids(await list({ from: 4, limit: 10 }))).toEqual(newestFirst().slice(4));
		expect(ids(await list({ from: 5 }))).toEqual([]);
		expect(ids(await list({ from: 1_000_000 }))).toEqual([]);
		expect(ids(await list({ limit: 0 }))).toEqual([]);
		expect(ids(await list({ limit: 1_000_000_000 }))).toEqual(newestFirst());
		expect(ids(await L.t.request({ method: "POST", url: `/licensing/scripts/${scriptId}/sessions`, headers: { "x-api-key": L.ownerKey } }))).toEqual(newestFirst());
	});

	it("refuses negative, fractional and non-numeric pagination with 400 naming the field", async () => {
		for (const [body, field] of [
			[{ from: -1 }, "from"],
			[{ limit: -5 }, "limit"],
			[{ limit: 1.5 }, "limit"],
			[{ from: "2" }, "from"],
			[{ offset: 2 }, "offset"],
		] as const) {
			const res = await list(body);
			expect(res.statusCode).toBe(400);
			expect(res.json()).toMatchObject({ success: false, error: { code: "VALIDATION_ERROR", details: { field } } });
		}
	});
});

describe("GET /scripts/:script_id/sessions/filter", () => {
	it("filters by each field alone", async () => {
		expect(ids(await filter(`?key=${keyA.id}`))).toEqual(newestFirst().slice(2));
		expect(ids(await filter(`?key=${encodeURIComponent(keyB.key)}`))).toEqual(newestFirst().slice(0, 2));
		expect(ids(await filter("?roblox_id=222"))).toEqual(newestFirst().slice(0, 2));
		expect(ids(await filter("?place_id=1001"))).toEqual([opened[3].id, opened[1].id, opened[0].id]);
		expect(ids(await filter("?job_id=job-3"))).toEqual([opened[2].id]);
		expect(ids(await filter(""))).toEqual(newestFirst());
	});

	it("combines filters with AND and pages the result", async () => {
		expect(ids(await filter(`?key=${keyA.id}&place_id=1001`))).toEqual([opened[1].id, opened[0].id]);
		expect(ids(await filter("?roblox_id=111&place_id=1001&job_id=job-1"))).toEqual([opened[0].id]);
		expect(ids(await filter(`?key=${keyB.id}&roblox_id=111`))).toEqual([]);
		expect(ids(await filter("?place_id=1001&from=1&limit=1"))).toEqual([opened[1].id]);
		expect(ids(await filter("?place_id=1001&from=3"))).toEqual([]);
		expect(ids(await filter("?place_id=1001&limit=0"))).toEqual([]);
		expect(ids(await filter("?place_id=1001&limit=99999"))).toHaveLength(3);
	});

	it("answers an empty list for an unknown key and 400 for malformed filters", async () => {
		expect(ids(await filter("?key=lk_unknown"))).toEqual([]);
		expect(ids(await filter("?key=00000000-0000-4000-8000-000000000000"))).toEqual([]);
		for (const [query, field] of [
			["?roblox_id=abc", "roblox_id"],
			["?place_id=-3", "place_id"],
			["?from=-1", "from"],
			["?limit=-1", "limit"],
		] as const) {
			const res = await filter(query);
			expect(res.statusCode).toBe(400);
			expect(res.json().error.details.field).toBe(field);
		}
	});
});

describe("session get and disconnect", () => {
	it("gets one session with its liveness", async () => {
		const res = await L.owner("GET", `/scripts/${scriptId}/sessions/${opened[0].id}`);
		expect(res.json().session).toMatchObject({ id: opened[0].id, user_key: keyA.id, version: 1, live: true, ended_at: null, end_reason: null });
		expect((await L.owner("GET", `/scripts/${scriptId}/sessions/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
	});

	it("disconnects one session, then many, and each heartbeat answers terminate/disconnected", async () => {
		const one = await L.owner("POST", `/scripts/${scriptId}/sessions/${opened[0].id}/disconnect`);
		expect(one.json()).toEqual({ success: true });
		expect((await L.heartbeat(opened[0].id)).json()).toMatchObject({ status: "terminate", reason: "disconnected" });
		expect(ids(await list({}))).not.toContain(opened[0].id);
		const detail = (await L.owner("GET", `/scripts/${scriptId}/sessions/${opened[0].id}`)).json().session;
		expect(detail).toMatchObject({ live: false, ended_at: L.now(), end_reason: "disconnected" });

		const many = await L.owner("POST", `/scripts/${scriptId}/sessions/disconnect`, { session_ids: [opened[0].id, opened[1].id, opened[2].id] });
		expect(many.json()).toEqual({ success: true, disconnected: 2 });
		expect((await L.heartbeat(opened[2].id)).json().reason).toBe("disconnected");
		expect((await L.owner("POST", `/scripts/${scriptId}/sessions/disconnect`, {})).statusCode).toBe(400);

		const rest = await L.owner("POST", `/scripts/${scriptId}/sessions/disconnect`, { all: true });
		expect(rest.json()).toEqual({ success: true, disconnected: 2 });
		expect(await L.owner("GET", `/scripts/${scriptId}`).then((r) => r.json().script)).toMatchObject({ total_sessions: 5, total_instances: 0 });
	});

	it("drops dead sessions from the list after 3 silent intervals", async () => {
		const fresh = await L.open(scriptId, { key: keyA.key });
		expect(ids(await list({}))).toEqual([fresh]);
		L.advance(3 * INTERVAL_MS + 1);
		expect(ids(await list({}))).toEqual([]);
		expect((await L.owner("GET", `/scripts/${scriptId}/sessions/${fresh}`)).json().session.live).toBe(false);
	});
});
