import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, startTestApp, type TestApp } from "../helpers/testApp.js";

let t: TestApp;
beforeAll(async () => {
	t = await startTestApp({ RATE_LIMIT_ANONYMOUS: "100000" });
});
afterAll(() => t.close());

describe("GET /v2/system/health", () => {
	it("gives admins the database kind, uptime, memory and queue/hub modes", async () => {
		const admin = await t.createUser({ role: "admin" });
		const res = await t.request({ method: "GET", url: "/v2/system/health", token: admin.token });
		expect(res.statusCode).toBe(200);
		const data = res.json().data;
		expect(data).toMatchObject({ status: "healthy", database: { kind: t.services.database.kind, ok: true }, realtime: { mode: "in-process" }, jobs: { mode: "in-process" } });
		expect(data.memory.rss_bytes).toBeGreaterThan(0);
		expect(data.uptime_seconds).toBeGreaterThanOrEqual(0);
	});

	it("is refused to teachers (403) and anonymous callers (401)", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		expect((await t.request({ method: "GET", url: "/v2/system/health", token: teacher.token })).statusCode).toBe(403);
		expect((await t.request({ method: "GET", url: "/v2/system/health" })).statusCode).toBe(401);
	});
});

describe("/v2/system/config", () => {
	it("reads defaults, persists validated changes, audits them, and the settings take effect", async () => {
		const admin = await t.createUser({ role: "admin" });
		const before = await t.request({ method: "GET", url: "/v2/system/config", token: admin.token });
		expect(before.json().data.values).toEqual({ registration_open: true, student_self_join: true, max_students_per_class: 200, maintenance_message: null });
		expect(before.json().data.keys.map((k: { key: string }) => k.key)).toEqual(["registration_open", "student_self_join", "max_students_per_class", "maintenance_message"]);

		const patched = await t.request({ method: "PATCH", url: "/v2/system/config", token: admin.token, payload: { registration_open: false, maintenance_message: "Upgrade at 5pm" } });
		expect(patched.statusCode).toBe(200);
		expect(patched.json().data.values).toMatchObject({ registration_open: false, maintenance_message: "Upgrade at 5pm", max_students_per_class: 200 });
		expect((await t.request({ method: "GET", url: "/v2/system/config", token: admin.token })).json().data.values.registration_open).toBe(false);

		const closed = await t.request({ method: "POST", url: "/v2/auth/register", payload: { role: "parent", email: "late@example.test", password: PASSWORD, display_name: "Late" } });
		expect(closed.statusCode).toBe(403);

		await t.request({ method: "PATCH", url: "/v2/system/config", token: admin.token, payload: { registration_open: true, student_self_join: false, maintenance_message: null } });
		const open = await t.request({ method: "POST", url: "/v2/auth/register", payload: { role: "parent", email: "late@example.test", password: PASSWORD, display_name: "Late" } });
		expect(open.statusCode).toBe(201);
		const school = await t.createSchool();
		await t.createClass({ schoolId: school.id, joinCode: "SLF234" });
		const student = await t.createUser({ role: "student" });
		expect((await t.request({ method: "POST", url: "/v2/classes/join", token: student.token, payload: { join_code: "SLF234" } })).statusCode).toBe(403);
		await t.request({ method: "PATCH", url: "/v2/system/config", token: admin.token, payload: { student_self_join: true } });
		expect((await t.request({ method: "POST", url: "/v2/classes/join", token: student.token, payload: { join_code: "SLF234" } })).statusCode).toBe(201);

		const audit = await t.request({ method: "GET", url: "/v2/audit?action=system.config.update&per_page=1", token: admin.token });
		expect(audit.json().data.total).toBe(3);
		expect(audit.json().data.items[0].details).toEqual({ student_self_join: { from: false, to: true } });
	});

	it("refuses unknown keys, wrong types, out-of-range values and empty bodies with the field named", async () => {
		const admin = await t.createUser({ role: "admin" });
		const cases: [Record<string, unknown>, string][] = [
			[{ theme: "dark" }, "theme"],
			[{ registration_open: "yes" }, "registration_open"],
			[{ max_students_per_class: 0 }, "max_students_per_class"],
			[{ max_students_per_class: 2.5 }, "max_students_per_class"],
			[{ maintenance_message: "x".repeat(501) }, "maintenance_message"],
		];
		for (const [payload, field] of cases) {
			const res = await t.request({ method: "PATCH", url: "/v2/system/config", token: admin.token, payload });
			expect(res.statusCode, JSON.stringify(payload)).toBe(400);
			expect(res.json().error).toMatchObject({ code: "VALIDATION_ERROR", details: { field } });
		}
		expect((await t.request({ method: "PATCH", url: "/v2/system/config", token: admin.token, payload: {} })).statusCode).toBe(400);
	});

	it("is admin-only", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		expect((await t.request({ method: "GET", url: "/v2/system/config", token: teacher.token })).statusCode).toBe(403);
		expect((await t.request({ method: "PATCH", url: "/v2/system/config", token: teacher.token, payload: { registration_open: false } })).statusCode).toBe(403);
		expect((await t.request({ method: "PATCH", url: "/v2/system/config", payload: { registration_open: false } })).statusCode).toBe(401);
	});
});

describe("GET /v2/audit", () => {
	it("records every write with who, what and when, filterable by actor, action, target and date", async () => {
		const admin = await t.createUser({ role: "admin" });
		const school = (await t.request({ method: "POST", url: "/v2/schools", token: admin.token, payload: { name: "Audited" } })).json().data;
		await t.request({ method: "PATCH", url: `/v2/schools/${school.id}`, token: admin.token, payload: { tier: "premium" } });

		const byActor = await t.request({ method: "GET", url: `/v2/audit?actor_id=${admin.id}`, token: admin.token });
		const items = byActor.json().data.items;
		expect(items.map((i: { action: string }) => i.action)).toEqual(["school.update", "school.create"]);
		expect(items[0]).toMatchObject({ actor_kind: "user", target_type: "school", target_id: school.id, details: { tier: "premium" } });
		expect(items[0].request_id).toMatch(/^req_/);

		const prefix = await t.request({ method: "GET", url: `/v2/audit?action=school.*&target_id=${school.id}`, token: admin.token });
		expect(prefix.json().data.total).toBe(2);
		const byType = await t.request({ method: "GET", url: `/v2/audit?target_type=school&actor_id=${admin.id}&per_page=1&page=2`, token: admin.token });
		expect(byType.json().data).toMatchObject({ total: 2, page: 2, per_page: 1, items: [{ action: "school.create" }] });

		const future = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();
		expect((await t.request({ method: "GET", url: `/v2/audit?from=${encodeURIComponent(future)}`, token: admin.token })).json().data.total).toBe(0);
		const past = new Date(Date.now() - 60_000).toISOString();
		expect((await t.request({ method: "GET", url: `/v2/audit?from=${encodeURIComponent(past)}&actor_id=${admin.id}`, token: admin.token })).json().data.total).toBe(2);
		expect((await t.request({ method: "GET", url: `/v2/audit?to=${encodeURIComponent(past)}&actor_id=${admin.id}`, token: admin.token })).json().data.total).toBe(0);
	});

	it("refuses bad filters (400 naming the field), teachers (403) and anonymous callers (401)", async () => {
		const admin = await t.createUser({ role: "admin" });
		const bad = await t.request({ method: "GET", url: "/v2/audit?from=yesterday", token: admin.token });
		expect(bad.statusCode).toBe(400);
		expect(bad.json().error.details.field).toBe("from");
		expect((await t.request({ method: "GET", url: "/v2/audit?per_page=1000", token: admin.token })).json().error.details.field).toBe("per_page");
		const teacher = await t.createUser({ role: "teacher" });
		expect((await t.request({ method: "GET", url: "/v2/audit", token: teacher.token })).statusCode).toBe(403);
		expect((await t.request({ method: "GET", url: "/v2/audit" })).statusCode).toBe(401);
	});
});
