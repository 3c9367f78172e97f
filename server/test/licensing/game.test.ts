import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { licensingSessions } from "../../src/modules/licensing/tables.js";
import { INTERVAL_MS, startLicensing, type LicensingApp } from "./licensingApp.js";

let L: LicensingApp;
beforeAll(async () => {
	L = await startLicensing();
});
afterAll(() => L.close());

const place = { version: 1, place_id: 606849621, job_id: "job-a", roblox_id: 10234711811 };
const info = async (id: string) => (await L.owner("GET", `/scripts/${id}`)).json().script;

describe("verify", () => {
	it("opens a session, counts an execution and tells the interval and current version", async () => {
		const scriptId = await L.createScript();
		const { key } = await L.createKey(scriptId);
		const res = await L.verify({ script_id: scriptId, key, ...place });
		expect(res.statusCode).toBe(200);
		expect(res.json()).toEqual({
			success: true,
			session_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			heartbeat: true,
			heartbeat_interval: 30,
			current_version: 1,
			outdated: false,
		});
		expect(await info(scriptId)).toMatchObject({ total_executions: 1, total_sessions: 1, total_instances: 1 });
	});

	it("refuses a wrong key, a missing key and a key of another script", async () => {
		const scriptId = await L.createScript();
		const other = await L.createScript();
		const { key: otherKey } = await L.createKey(other);
		const wrong = await L.verify({ script_id: scriptId, key: "lk_not-a-real-key", ...place }, "10.9.0.1");
		expect(wrong.statusCode).toBe(401);
		expect(wrong.json()).toEqual({ success: false, error: { code: "INVALID_KEY", message: expect.any(String) } });
		const missing = await L.verify({ script_id: scriptId, ...place }, "10.9.0.1");
		expect(missing.statusCode).toBe(401);
		expect(missing.json().error.code).toBe("KEY_REQUIRED");
		const crossed = await L.verify({ script_id: scriptId, key: otherKey, ...place }, "10.9.0.1");
		expect(crossed.json().error.code).toBe("INVALID_KEY");
		expect(await info(scriptId)).toMatchObject({ total_executions: 0, total_sessions: 0, total_instances: 0 });
	});

	it("lets free_for_all scripts verify without a key", async () => {
		const scriptId = await L.createScript({ free_for_all: true });
		const res = await L.verify({ script_id: scriptId, ...place });
		expect(res.statusCode).toBe(200);
		const sessions = (await L.owner("POST", `/scripts/${scriptId}/sessions`, {})).json().sessions;
		expect(sessions).toEqual([expect.objectContaining({ id: res.json().session_id, user_key: null })]);
	});

	it("answers 404 for an unknown script and 400 naming a bad field", async () => {
		const unknown = await L.verify({ script_id: "00000000-0000-4000-8000-000000000000", ...place });
		expect(unknown.statusCode).toBe(404);
		const bad = await L.verify({ script_id: "00000000-0000-4000-8000-000000000000", ...place, place_id: "606" });
		expect(bad.statusCode).toBe(400);
		expect(bad.json().error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "place_id" } });
	});

	it("refuses a disabled script, and an outdated server only when kick_outdated is on", async () => {
		const scriptId = await L.createScript({ free_for_all: true });
		await L.owner("POST", `/scripts/${scriptId}/update`, { script: "print('v2')" });
		const allowed = await L.verify({ script_id: scriptId, ...place });
		expect(allowed.json()).toMatchObject({ current_version: 2, outdated: true });
		await L.owner("POST", `/scripts/${scriptId}/edit`, { kick_outdated: true });
		const kicked = await L.verify({ script_id: scriptId, ...place });
		expect(kicked.statusCode).toBe(403);
		expect(kicked.json().error).toMatchObject({ code: "OUTDATED", details: { required_version: 2 } });
		await L.owner("POST", `/scripts/${scriptId}/toggle`, { state: false });
		const disabled = await L.verify({ script_id: scriptId, ...place, version: 2 });
		expect(disabled.statusCode).toBe(403);
		expect(disabled.json().error.code).toBe("SCRIPT_DISABLED");
	});

	it("use_heartbeat off verifies once: an execution, no session; require_sessions refuses heartbeat:false", async () => {
		const once = await L.createScript({ free_for_all: true, use_heartbeat: false });
		const res = await L.verify({ script_id: once, ...place });
		expect(res.json()).toMatchObject({ session_id: null, heartbeat: false });
		expect(await info(once)).toMatchObject({ total_executions: 1, total_sessions: 0, total_instances: 0 });

		const strict = await L.createScript({ free_for_all: true, require_sessions: true });
		const refused = await L.verify({ script_id: strict, ...place, heartbeat: false });
		expect(refused.statusCode).toBe(403);
		expect(refused.json().error.code).toBe("SESSION_REQUIRED");
		const lenient = await L.createScript({ free_for_all: true });
		expect((await L.verify({ script_id: lenient, ...place, heartbeat: false })).json()).toMatchObject({ session_id: null, heartbeat: false });
		expect((await L.verify({ script_id: strict, ...place })).json().heartbeat).toBe(true);
	});

	it("binds a key to a place creator when the key has a roblox_id", async () => {
		const scriptId = await L.createScript();
		const { key } = await L.createKey(scriptId, { roblox_id: 42 });
		expect((await L.verify({ script_id: scriptId, key, ...place })).json().error.code).toBe("KEY_NOT_FOR_PLACE");
		expect((await L.verify({ script_id: scriptId, key, ...place, roblox_id: 42 })).statusCode).toBe(200);
	});
});

describe("heartbeat", () => {
	it("keeps a session alive with ok, and end closes it", async () => {
		const scriptId = await L.createScript({ free_for_all: true });
		const session = await L.open(scriptId);
		L.advance(INTERVAL_MS);
		const res = await L.heartbeat(session);
		expect(res.statusCode).toBe(200);
		expect(res.json()).toEqual({ success: true, status: "ok", reason: null, required_version: 1, heartbeat_interval: 30 });
		const ended = await L.t.request({ method: "POST", url: "/licensing/game/end", payload: { session_id: session } });
		expect(ended.json()).toEqual({ success: true });
		expect(await info(scriptId)).toMatchObject({ total_sessions: 1, total_instances: 0 });
		expect((await L.heartbeat(session)).json()).toMatchObject({ status: "terminate", reason: "ended" });
	});

	it("terminates with disabled on the first heartbeat after the script is toggled off", async () => {
		const scriptId = await L.createScript();
		const { key } = await L.createKey(scriptId);
		const session = await L.open(scriptId, { key });
		expect((await L.heartbeat(session)).json().status).toBe("ok");
		await L.owner("POST", `/scripts/${scriptId}/toggle`, { state: false });
		L.advance(INTERVAL_MS);
		expect((await L.heartbeat(session)).json()).toMatchObject({ status: "terminate", reason: "disabled" });
		await L.owner("POST", `/scripts/${scriptId}/toggle`, { state: true });
		expect((await L.heartbeat(session)).json()).toMatchObject({ status: "terminate", reason: "disabled" });
		expect((await L.owner("GET", `/scripts/${scriptId}/sessions/${session}`)).json().session).toMatchObject({ live: false, end_reason: "disabled" });
	});

	it("terminates older versions with outdated after update when kick_outdated is on", async () => {
		const scriptId = await L.createScript({ free_for_all: true, kick_outdated: true });
		const old = await L.open(scriptId);
		await L.owner("POST", `/scripts/${scriptId}/update`, { script: "new source" });
		const current = await L.open(scriptId, { version: 2 });
		expect((await L.heartbeat(old)).json()).toMatchObject({ status: "terminate", reason: "outdated", required_version: 2 });
		expect((await L.heartbeat(current)).json()).toMatchObject({ status: "ok", required_version: 2 });
	});

	it("keeps older versions running when kick_outdated is off, telling the required version", async () => {
		const scriptId = await L.createScript({ free_for_all: true });
		const old = await L.open(scriptId);
		await L.owner("POST", `/scripts/${scriptId}/update`, { script: "v2" });
		expect((await L.heartbeat(old)).json()).toMatchObject({ status: "ok", required_version: 2 });
	});

	it("terminates with key_revoked when the key is blacklisted, expired when it expires", async () => {
		const scriptId = await L.createScript();
		const a = await L.createKey(scriptId);
		const b = await L.createKey(scriptId);
		const sa = await L.open(scriptId, { key: a.key });
		const sb = await L.open(scriptId, { key: b.key });
		await L.owner("POST", `/scripts/${scriptId}/keys/${a.id}/blacklist`, { reason: "chargeback" });
		await L.owner("POST", `/scripts/${scriptId}/keys/${b.id}/expire`);
		expect((await L.heartbeat(sa)).json()).toMatchObject({ status: "terminate", reason: "key_revoked" });
		expect((await L.heartbeat(sb)).json()).toMatchObject({ status: "terminate", reason: "expired" });
	});

	it("terminates keyless sessions when free_for_all is turned off", async () => {
		const scriptId = await L.createScript({ free_for_all: true });
		const session = await L.open(scriptId);
		await L.owner("POST", `/scripts/${scriptId}/edit`, { free_for_all: false });
		expect((await L.heartbeat(session)).json()).toMatchObject({ status: "terminate", reason: "key_revoked" });
	});

	it("does not count sessions silent for 3 intervals in total_instances", async () => {
		const scriptId = await L.createScript({ free_for_all: true });
		const quiet = await L.open(scriptId);
		const chatty = await L.open(scriptId);
		for (let i = 0; i < 3; i++) {
			L.advance(INTERVAL_MS);
			expect((await L.heartbeat(chatty)).json().status).toBe("ok");
		}
		expect((await info(scriptId)).total_instances).toBe(2);
		L.advance(1);
		expect(await info(scriptId)).toMatchObject({ total_sessions: 2, total_instances: 1 });
		const list = (await L.owner("POST", `/scripts/${scriptId}/sessions`, {})).json().sessions;
		expect(list.map((s: { id: string }) => s.id)).toEqual([chatty]);
		// Without require_sessions a late heartbeat revives the session.
		expect((await L.heartbeat(quiet)).json().status).toBe("ok");
		expect((await info(scriptId)).total_instances).toBe(2);
	});

	it("expires a dead session on a require_sessions script", async () => {
		const scriptId = await L.createScript({ free_for_all: true, require_sessions: true });
		const session = await L.open(scriptId);
		L.advance(3 * INTERVAL_MS + 1);
		expect((await L.heartbeat(session)).json()).toMatchObject({ status: "terminate", reason: "expired" });
	});

	it("answers 404 for an unknown session and 400 for a malformed id", async () => {
		expect((await L.heartbeat("00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
		const bad = await L.heartbeat("nope");
		expect(bad.statusCode).toBe(400);
		expect(bad.json().error.details.field).toBe("session_id");
	});

	it("persists heartbeats behind: the database learns last_heartbeat_at", async () => {
		const scriptId = await L.createScript({ free_for_all: true });
		const session = await L.open(scriptId);
		L.advance(12_345);
		await L.heartbeat(session);
		const detail = (await L.owner("GET", `/scripts/${scriptId}/sessions/${session}`)).json().session;
		expect(detail).toMatchObject({ last_heartbeat_at: L.now(), live: true, version: 1, ended_at: null });
	});
});

describe("key guessing", () => {
	it("throttles an address's failures per script with 429 and Retry-After, until the minute ends; its valid key still verifies", async () => {
		const scriptId = await L.createScript();
		const other = await L.createScript();
		const { key } = await L.createKey(scriptId);
		const { key: otherKey } = await L.createKey(other);
		L.setNow(Date.UTC(2026, 2, 11, 0, 0, 10));
		for (let i = 0; i < 10; i++) expect((await L.verify({ script_id: scriptId, key: `lk_guess${i}`, ...place }, "10.1.1.1")).statusCode).toBe(401);
		const blocked = await L.verify({ script_id: scriptId, key: "lk_guess10", ...place }, "10.1.1.1");
		expect(blocked.statusCode).toBe(429);
		expect(blocked.json().error.code).toBe("RATE_LIMITED");
		expect(blocked.headers["retry-after"]).toBe("50");
		// Roblox servers share egress addresses: a licensed server behind the same address verifies.
		expect((await L.verify({ script_id: scriptId, key, ...place }, "10.1.1.1")).statusCode).toBe(200);
		// The counter is per script: the same address is not throttled on another script.
		expect((await L.verify({ script_id: other, key: "lk_wrong", ...place }, "10.1.1.1")).statusCode).toBe(401);
		expect((await L.verify({ script_id: other, key: otherKey, ...place }, "10.1.1.1")).statusCode).toBe(200);
		expect((await L.verify({ script_id: scriptId, key: "lk_guess11", ...place }, "10.1.1.2")).statusCode).toBe(401);
		L.advance(50_000);
		expect((await L.verify({ script_id: scriptId, key: "lk_guess12", ...place }, "10.1.1.1")).statusCode).toBe(401);
	});

	// Issue 17 finding 6: 100 bad keys from any addresses used to make every verify of the script,
	// valid keys included, answer 429.
	it("after 100 bad keys from 10 addresses, a valid key verifies from an 11th address and from one of the 10; bad keys get 429", async () => {
		const scriptId = await L.createScript();
		const other = await L.createScript({ free_for_all: true });
		const { key } = await L.createKey(scriptId);
		L.setNow(Date.UTC(2026, 2, 11, 0, 5, 0));
		const statuses = new Map<number, number>();
		for (let i = 0; i < 100; i++) {
			const status = (await L.verify({ script_id: scriptId, key: `lk_guess${i}`, ...place }, `10.2.0.${i % 10}`)).statusCode;
			statuses.set(status, (statuses.get(status) ?? 0) + 1);
		}
		expect(statuses.get(401)).toBe(100);
		expect((await L.verify({ script_id: scriptId, key, ...place }, "10.3.0.1")).statusCode).toBe(200);
		expect((await L.verify({ script_id: scriptId, key, ...place }, "10.2.0.3")).statusCode).toBe(200);
		const blocked = await L.verify({ script_id: scriptId, key: "lk_guess100", ...place }, "10.3.0.2");
		expect(blocked.statusCode).toBe(429);
		expect(Number(blocked.headers["retry-after"])).toBe(60);
		expect((await L.verify({ script_id: other, ...place }, "10.3.0.1")).statusCode).toBe(200);
	});
});

describe("shutdown (last: closes the app)", () => {
	it("writes pending heartbeats to the database when the app closes", async () => {
		const scriptId = await L.createScript({ free_for_all: true });
		const session = await L.open(scriptId);
		L.advance(7_000);
		expect((await L.heartbeat(session)).json().status).toBe("ok");
		await L.t.app.close();
		const [row] = await L.t.services.database.db.select().from(licensingSessions).where(eq(licensingSessions.id, session));
		expect(row.lastSeenAt).toBe(L.now());
	});
});
