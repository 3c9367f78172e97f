import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLicensing, type LicensingApp } from "./licensingApp.js";

let L: LicensingApp;
beforeAll(async () => {
	L = await startLicensing();
});
afterAll(() => L.close());

const place = { version: 1, place_id: 606849621, job_id: "job", roblox_id: 10234711811 };
const info = async (id: string) => (await L.owner("GET", `/scripts/${id}`)).json();

describe("GET /scripts/:script_id", () => {
	it("answers exactly the spec's fields", async () => {
		const id = await L.createScript({ name: "SCRIPT_NAME" });
		const res = await L.owner("GET", `/scripts/${id}`);
		expect(res.statusCode).toBe(200);
		expect(res.json()).toEqual({
			success: true,
			script: {
				id,
				project_id: L.projectId,
				name: "SCRIPT_NAME",
				free_for_all: false,
				use_heartbeat: true,
				kick_outdated: false,
				require_sessions: false,
				enabled: true,
				total_executions: 0,
				total_sessions: 0,
				total_instances: 0,
			},
		});
	});

	it("answers 404 for an unknown id and 400 for a malformed one", async () => {
		const unknown = await L.owner("GET", "/scripts/00000000-0000-4000-8000-000000000000");
		expect(unknown.statusCode).toBe(404);
		expect(unknown.json()).toEqual({ success: false, error: { code: "NOT_FOUND", message: "Script not found" } });
		const bad = await L.owner("GET", "/scripts/not-a-uuid");
		expect(bad.statusCode).toBe(400);
		expect(bad.json().error.details.field).toBe("script_id");
	});

	it("lists the project's scripts newest first", async () => {
		const a = await L.createScript({ name: "first" });
		L.advance(1000);
		const b = await L.createScript({ name: "second" });
		const ids = (await L.owner("GET", "/scripts")).json().scripts.map((s: { id: string }) => s.id);
		expect(ids.indexOf(b)).toBeLessThan(ids.indexOf(a));
	});
});

describe("POST /scripts/:script_id/edit", () => {
	it("sets each field; null or absent leaves it unchanged; empty string sets the name to null", async () => {
		const id = await L.createScript({ name: "before" });
		const all = { free_for_all: true, use_heartbeat: false, kick_outdated: true, require_sessions: true };
		const res = await L.owner("POST", `/scripts/${id}/edit`, { name: "after", ...all });
		expect(res.statusCode).toBe(200);
		expect(res.json()).toEqual({ success: true });
		expect((await info(id)).script).toMatchObject({ name: "after", ...all });

		await L.owner("POST", `/scripts/${id}/edit`, { name: null, free_for_all: null, use_heartbeat: null, kick_outdated: null, require_sessions: null });
		expect((await info(id)).script).toMatchObject({ name: "after", ...all });
		await L.owner("POST", `/scripts/${id}/edit`, {});
		expect((await info(id)).script).toMatchObject({ name: "after", ...all });

		await L.owner("POST", `/scripts/${id}/edit`, { name: "", kick_outdated: false });
		expect((await info(id)).script).toMatchObject({ name: null, kick_outdated: false, free_for_all: true });
	});

	it("refuses wrong types and unknown fields, naming the field, and writes nothing", async () => {
		const id = await L.createScript({ name: "keep" });
		const wrong = await L.owner("POST", `/scripts/${id}/edit`, { name: "x", free_for_all: "yes" });
		expect(wrong.statusCode).toBe(400);
		expect(wrong.json().error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: "free_for_all" } });
		const unknown = await L.owner("POST", `/scripts/${id}/edit`, { enabled: false });
		expect(unknown.json().error.details.field).toBe("enabled");
		expect((await info(id)).script).toMatchObject({ name: "keep", free_for_all: false, enabled: true });
	});
});

describe("POST /scripts/:script_id/toggle, /update, /remove", () => {
	it("toggles the enabled state", async () => {
		const id = await L.createScript();
		expect((await L.owner("POST", `/scripts/${id}/toggle`, { state: false })).json()).toEqual({ success: true });
		expect((await info(id)).script.enabled).toBe(false);
		await L.owner("POST", `/scripts/${id}/toggle`, { state: true });
		expect((await info(id)).script.enabled).toBe(true);
		expect((await L.owner("POST", `/scripts/${id}/toggle`, {})).json().error.details.field).toBe("state");
	});

	it("numbers versions: a new source is a new version, the same source is not", async () => {
		const id = await L.createScript({ free_for_all: true, script: "v1" });
		expect((await L.owner("POST", `/scripts/${id}/update`, { script: "v1" })).json()).toEqual({ success: true, version: 1 });
		expect((await L.owner("POST", `/scripts/${id}/update`, { script: "v2" })).json()).toEqual({ success: true, version: 2 });
		expect((await L.owner("POST", `/scripts/${id}/update`, { script: "v3" })).json().version).toBe(3);
		expect((await L.verify({ script_id: id, ...place })).json().current_version).toBe(3);
		expect((await L.owner("POST", `/scripts/${id}/update`, {})).json().error.details.field).toBe("script");
	});

	it("removes a script with its sessions: info 404s, heartbeats 404", async () => {
		const id = await L.createScript({ free_for_all: true });
		const session = await L.open(id);
		expect((await L.owner("POST", `/scripts/${id}/remove`)).json()).toEqual({ success: true });
		expect((await L.owner("GET", `/scripts/${id}`)).statusCode).toBe(404);
		expect((await L.owner("POST", `/scripts/${id}/remove`)).statusCode).toBe(404);
		expect((await L.heartbeat(session)).statusCode).toBe(404);
		expect((await L.verify({ script_id: id, ...place })).statusCode).toBe(404);
	});
});

describe("GET /scripts/:script_id/executions", () => {
	it("maps the last 30 UTC days as MM/DD across a month boundary, zero days included", async () => {
		L.setNow(Date.UTC(2026, 1, 27, 23, 59, 0)); // Feb 27
		const id = await L.createScript({ free_for_all: true });
		await L.verify({ script_id: id, ...place });
		L.setNow(Date.UTC(2026, 1, 28, 0, 0, 1)); // Feb 28, just after midnight
		await L.verify({ script_id: id, ...place });
		await L.verify({ script_id: id, ...place, heartbeat: false });
		L.setNow(Date.UTC(2026, 2, 2, 10, 0, 0)); // Mar 2
		await L.verify({ script_id: id, ...place });

		const res = await L.owner("GET", `/scripts/${id}/executions`);
		expect(res.statusCode).toBe(200);
		const { success, executions } = res.json();
		expect(success).toBe(true);
		const keys = Object.keys(executions);
		expect(keys).toHaveLength(30);
		expect(keys[0]).toBe("02/01");
		expect(keys.slice(-4)).toEqual(["02/27", "02/28", "03/01", "03/02"]);
		expect(executions).toMatchObject({ "02/27": 1, "02/28": 2, "03/01": 0, "03/02": 1, "02/01": 0 });
		expect((await info(id)).script.total_executions).toBe(4);

		L.setNow(Date.UTC(2026, 2, 29, 0, 0, 0)); // 30 days on: Feb 27 falls out of the window
		const later = (await L.owner("GET", `/scripts/${id}/executions`)).json().executions;
		expect(Object.keys(later)[0]).toBe("02/28");
		expect(later["02/27"]).toBeUndefined();
		expect(later["02/28"]).toBe(2);
	});

	it("crosses a year boundary", async () => {
		L.setNow(Date.UTC(2026, 11, 31, 23, 0, 0));
		const id = await L.createScript({ free_for_all: true });
		await L.verify({ script_id: id, ...place });
		L.setNow(Date.UTC(2027, 0, 1, 1, 0, 0));
		await L.verify({ script_id: id, ...place });
		const keys = (await L.owner("GET", `/scripts/${id}/executions`)).json().executions;
		expect(Object.entries(keys).slice(-2)).toEqual([
			["12/31", 1],
			["01/01", 1],
		]);
	});
});
