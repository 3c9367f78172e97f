import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, enrollments, users } from "../../src/db/tables.js";
import { provideProgressSummary } from "../../src/modules/platform/users/analyticsProviders.js";
import { PASSWORD, startTestApp, type TestApp } from "../helpers/testApp.js";

let t: TestApp;
beforeAll(async () => {
	t = await startTestApp({ RATE_LIMIT_ANONYMOUS: "100000" });
});
afterAll(() => t.close());

// Registration is limited to 10 a minute per address: each call here comes from its own.
let address = 0;
const register = (payload: Record<string, unknown>) =>
	t.request({ method: "POST", url: "/v2/auth/register", payload, remoteAddress: `10.9.${Math.floor(++address / 250)}.${address % 250}` });

const auditsFor = (targetId: string) => t.services.database.db.select().from(auditLog).where(eq(auditLog.targetId, targetId));

describe("POST /v2/auth/register", () => {
	it("registers a teacher with email and returns tokens like login", async () => {
		const res = await register({ role: "teacher", email: "New.Teacher@Example.test", password: "long enough pw", display_name: "Ms New" });
		expect(res.statusCode).toBe(201);
		const data = res.json().data;
		expect(data).toMatchObject({ token_type: "Bearer", user: { role: "teacher", email: "new.teacher@example.test", display_name: "Ms New", school_id: null } });
		const me = await t.request({ method: "GET", url: "/v2/users/me", token: data.access_token });
		expect(me.json().data.id).toBe(data.user.id);
		// users/me reads the profile with its own fixed statement: it must present it exactly as the admin read does.
		const admin = await t.createUser({ role: "admin" });
		const read = await t.request({ method: "GET", url: `/v2/users/${data.user.id}`, token: admin.token });
		expect(read.statusCode).toBe(200);
		expect(me.json().data).toEqual(read.json().data);
		expect(Object.keys(me.json().data).sort()).toEqual(["created_at", "display_name", "email", "id", "roblox_user_id", "role", "school_id", "status", "tier", "username"]);
		expect((await t.request({ method: "POST", url: "/v2/auth/refresh", payload: { refresh_token: data.refresh_token } })).statusCode).toBe(200);
		const login = await t.request({ method: "POST", url: "/v2/auth/login", payload: { email: "new.teacher@example.test", password: "long enough pw" } });
		expect(login.statusCode).toBe(200);
		expect((await auditsFor(data.user.id)).map((a) => a.action)).toContain("auth.register");
	});

	it("registers a student by username and join code, enrolling them and giving them the school", async () => {
		const school = await t.createSchool("Reg School", "premium");
		const klass = await t.createClass({ schoolId: school.id, joinCode: "RGX234" });
		const res = await register({ role: "student", username: "kid_one", password: "kidpassword", display_name: "Kid", join_code: "rgx-234" });
		expect(res.statusCode).toBe(201);
		const user = res.json().data.user;
		expect(user).toMatchObject({ role: "student", email: null, username: "kid_one", school_id: school.id, tier: "premium" });
		const rows = await t.services.database.db.select().from(enrollments).where(and(eq(enrollments.classId, klass.id), eq(enrollments.userId, user.id)));
		expect(rows).toHaveLength(1);
		const login = await t.request({ method: "POST", url: "/v2/auth/login", payload: { username: "KID_ONE", password: "kidpassword" } });
		expect(login.statusCode).toBe(200);
	});

	it("refuses a student email, a missing or unknown join code, admins, and duplicates", async () => {
		const school = await t.createSchool();
		await t.createClass({ schoolId: school.id, joinCode: "DUP234" });
		const base = { role: "student", username: "kid_two", password: "kidpassword", display_name: "Kid" };
		const withEmail = await register({ ...base, join_code: "DUP234", email: "kid@example.test" });
		expect(withEmail.statusCode).toBe(400);
		expect(withEmail.json().error.details.field).toBe("email");
		const noCode = await register(base);
		expect(noCode.json().error.details.field).toBe("join_code");
		const badCode = await register({ ...base, join_code: "NOPE99" });
		expect(badCode.statusCode).toBe(400);
		expect(badCode.json().error.details.field).toBe("join_code");
		const admin = await register({ role: "admin", email: "root@example.test", password: "long enough pw", display_name: "Root" });
		expect(admin.statusCode).toBe(403);
		expect(admin.json().error.code).toBe("FORBIDDEN");
		const noEmail = await register({ role: "parent", password: "long enough pw", display_name: "P" });
		expect(noEmail.json().error.details.field).toBe("email");
		const shortPw = await register({ role: "parent", email: "p@example.test", password: "short", display_name: "P" });
		expect(shortPw.statusCode).toBe(400);
		expect(shortPw.json().error.details.field).toBe("password");

		expect((await register({ ...base, join_code: "DUP234" })).statusCode).toBe(201);
		const dupUser = await register({ ...base, username: "KID_TWO", join_code: "DUP234" });
		expect(dupUser.statusCode).toBe(409);
		expect(dupUser.json().error).toMatchObject({ code: "CONFLICT", details: { field: "username" } });
		const parent = { role: "parent", email: "dup.parent@example.test", password: "long enough pw", display_name: "P" };
		expect((await register(parent)).statusCode).toBe(201);
		const dupEmail = await register({ ...parent, email: "DUP.parent@example.test" });
		expect(dupEmail.statusCode).toBe(409);
		expect(dupEmail.json().error.details.field).toBe("email");
	});
});

describe("roles and permissions", () => {
	it("lists the four roles and the permission map to any signed-in user", async () => {
		const student = await t.createUser({ role: "student" });
		const roles = await t.request({ method: "GET", url: "/v2/roles", token: student.token });
		expect(roles.statusCode).toBe(200);
		const byName = Object.fromEntries(roles.json().data.map((r: { name: string; permissions: string[] }) => [r.name, r.permissions]));
		expect(Object.keys(byName).sort()).toEqual(["admin", "parent", "student", "teacher"]);
		expect(byName.admin).toContain("audit.read");
		expect(byName.teacher).toContain("classes.manage");
		expect(byName.teacher).not.toContain("users.manage");
		expect(byName.student).toContain("classes.join");
		const perms = await t.request({ method: "GET", url: "/v2/permissions", token: student.token });
		const audit = perms.json().data.find((p: { name: string }) => p.name === "audit.read");
		expect(audit.roles).toEqual(["admin"]);
		expect((await t.request({ method: "GET", url: "/v2/roles" })).statusCode).toBe(401);
		expect((await t.request({ method: "GET", url: "/v2/permissions" })).statusCode).toBe(401);
	});
});

describe("users: admin CRUD", () => {
	it("creates, lists with filters, reads, updates and deletes users", async () => {
		const admin = await t.createUser({ role: "admin" });
		const school = await t.createSchool("CRUD School", "enterprise");
		const created = await t.request({ method: "POST", url: "/v2/users", token: admin.token, payload: { role: "teacher", email: "crud.teacher@example.test", password: "long enough pw", display_name: "Crud Teacher", school_id: school.id } });
		expect(created.statusCode).toBe(201);
		const teacher = created.json().data;
		expect(teacher).toMatchObject({ role: "teacher", school_id: school.id, tier: "enterprise", username: "crud.teacher@example.test" });
		const student = (await t.request({ method: "POST", url: "/v2/users", token: admin.token, payload: { role: "student", username: "crud_kid", password: "long enough pw", display_name: "Crud Kid", school_id: school.id } })).json().data;
		expect(student.email).toBeNull();

		const list = await t.request({ method: "GET", url: `/v2/users?school_id=${school.id}&role=student`, token: admin.token });
		expect(list.json().data).toMatchObject({ total: 1, page: 1, items: [{ id: student.id }] });
		const search = await t.request({ method: "GET", url: `/v2/users?q=crud%20t&per_page=5`, token: admin.token });
		expect(search.json().data.items.map((u: { id: string }) => u.id)).toEqual([teacher.id]);
		const paged = await t.request({ method: "GET", url: `/v2/users?per_page=1&page=2`, token: admin.token });
		expect(paged.json().data.items).toHaveLength(1);
		expect(paged.json().data.total).toBeGreaterThan(2);

		expect((await t.request({ method: "GET", url: `/v2/users/${teacher.id}`, token: admin.token })).json().data.email).toBe("crud.teacher@example.test");
		const patched = await t.request({ method: "PATCH", url: `/v2/users/${teacher.id}`, token: admin.token, payload: { display_name: "Renamed", tier: "premium" } });
		expect(patched.json().data).toMatchObject({ display_name: "Renamed", tier: "premium" });

		const deleted = await t.request({ method: "DELETE", url: `/v2/users/${student.id}`, token: admin.token });
		expect(deleted.statusCode).toBe(200);
		expect((await t.request({ method: "GET", url: `/v2/users/${student.id}`, token: admin.token })).statusCode).toBe(404);
		const actions = (await auditsFor(teacher.id)).map((a) => a.action);
		expect(actions).toEqual(expect.arrayContaining(["user.create", "user.update"]));
		expect((await auditsFor(student.id)).map((a) => a.action)).toContain("user.delete");
	});

	it("refuses bad bodies with the field named, duplicates with 409, and self-demotion", async () => {
		const admin = await t.createUser({ role: "admin" });
		const cases: [Record<string, unknown>, string][] = [
			[{ role: "student", username: "kid_mail", password: "long enough pw", display_name: "K", email: "k@example.test" }, "email"],
			[{ role: "teacher", password: "long enough pw", display_name: "T" }, "email"],
			[{ role: "student", password: "long enough pw", display_name: "K" }, "username"],
			[{ role: "wizard", email: "w@example.test", password: "long enough pw", display_name: "W" }, "role"],
			[{ role: "teacher", email: "not-an-email", password: "long enough pw", display_name: "T" }, "email"],
			[{ role: "teacher", email: "x@example.test", password: "long enough pw", display_name: "T", school_id: "00000000-0000-4000-8000-000000000000" }, "school_id"],
			[{ role: "teacher", email: "x@example.test", password: "long enough pw", display_name: "T", extra: 1 }, "extra"],
		];
		for (const [payload, field] of cases) {
			const res = await t.request({ method: "POST", url: "/v2/users", token: admin.token, payload });
			expect(res.statusCode, JSON.stringify(payload)).toBe(400);
			expect(res.json().error).toMatchObject({ code: "VALIDATION_ERROR", details: { field } });
		}
		const taken = await t.createUser({ role: "parent" });
		const dup = await t.request({ method: "POST", url: "/v2/users", token: admin.token, payload: { role: "parent", email: `${taken.username.toUpperCase()}@example.test`, password: "long enough pw", display_name: "P" } });
		expect(dup.statusCode).toBe(409);
		expect(dup.json().error.details.field).toBe("email");
		const selfDisable = await t.request({ method: "PATCH", url: `/v2/users/${admin.id}`, token: admin.token, payload: { status: "disabled" } });
		expect(selfDisable.statusCode).toBe(409);
		expect((await t.request({ method: "DELETE", url: `/v2/users/${admin.id}`, token: admin.token })).statusCode).toBe(409);
		const studentEmail = await t.request({ method: "PATCH", url: `/v2/users/${(await t.createUser({ role: "student" })).id}`, token: admin.token, payload: { email: "s@example.test" } });
		expect(studentEmail.json().error.details.field).toBe("email");
		expect((await t.request({ method: "PATCH", url: "/v2/users/not-a-uuid", token: admin.token, payload: {} })).json().error.details.field).toBe("id");
	});

	it("disabling a user revokes their refresh tokens and blocks login", async () => {
		const admin = await t.createUser({ role: "admin" });
		const victim = await t.createUser({ role: "teacher", password: "victim password" });
		const res = await t.request({ method: "PATCH", url: `/v2/users/${victim.id}`, token: admin.token, payload: { status: "disabled" } });
		expect(res.json().data.status).toBe("disabled");
		expect((await t.request({ method: "POST", url: "/v2/auth/refresh", payload: { refresh_token: victim.refreshToken } })).statusCode).toBe(401);
		expect((await t.request({ method: "POST", url: "/v2/auth/login", payload: { username: victim.username, password: "victim password" } })).statusCode).toBe(401);
	});

	it("guards the admin routes: 401 without a token, 403 for other roles", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const student = await t.createUser({ role: "student" });
		const target = await t.createUser({ role: "parent" });
		const writes = [
			{ method: "POST" as const, url: "/v2/users", payload: { role: "parent", email: "g@example.test", password: "long enough pw", display_name: "G" } },
			{ method: "PATCH" as const, url: `/v2/users/${target.id}`, payload: { display_name: "X" } },
			{ method: "DELETE" as const, url: `/v2/users/${target.id}` },
		];
		for (const w of writes) {
			expect((await t.request(w)).statusCode).toBe(401);
			const forbidden = await t.request({ ...w, token: teacher.token });
			expect(forbidden.statusCode).toBe(403);
			expect(forbidden.json().error.code).toBe("FORBIDDEN");
		}
		expect((await t.request({ method: "GET", url: "/v2/users" })).statusCode).toBe(401);
		expect((await t.request({ method: "GET", url: "/v2/users", token: student.token })).statusCode).toBe(403);
		expect((await t.request({ method: "GET", url: `/v2/users/${target.id}`, token: student.token })).statusCode).toBe(403);
		expect((await t.request({ method: "GET", url: `/v2/users/${target.id}` })).statusCode).toBe(401);
	});
});

describe("users: school scoping for teachers", () => {
	it("teachers read users of their own school only; another school's user is 404", async () => {
		const mine = await t.createSchool();
		const other = await t.createSchool();
		const teacher = await t.createUser({ role: "teacher", schoolId: mine.id });
		const classmate = await t.createUser({ role: "student", schoolId: mine.id });
		const stranger = await t.createUser({ role: "student", schoolId: other.id });
		const list = await t.request({ method: "GET", url: "/v2/users?per_page=100", token: teacher.token });
		const ids = list.json().data.items.map((u: { id: string }) => u.id);
		expect(ids).toContain(classmate.id);
		expect(ids).not.toContain(stranger.id);
		const filtered = await t.request({ method: "GET", url: `/v2/users?school_id=${other.id}`, token: teacher.token });
		expect(filtered.json().data.total).toBe(0);
		expect((await t.request({ method: "GET", url: `/v2/users/${classmate.id}`, token: teacher.token })).statusCode).toBe(200);
		const hidden = await t.request({ method: "GET", url: `/v2/users/${stranger.id}`, token: teacher.token });
		expect(hidden.statusCode).toBe(404);
		expect((await t.request({ method: "GET", url: `/v2/users/${stranger.id}/analytics`, token: teacher.token })).statusCode).toBe(404);
	});
});

describe("PATCH /v2/users/me", () => {
	it("updates the display name, and email/password only with the current password", async () => {
		const parent = await t.createUser({ role: "parent", password: "first password" });
		const name = await t.request({ method: "PATCH", url: "/v2/users/me", token: parent.token, payload: { display_name: "Mum" } });
		expect(name.json().data.display_name).toBe("Mum");
		const noCurrent = await t.request({ method: "PATCH", url: "/v2/users/me", token: parent.token, payload: { new_password: "second password" } });
		expect(noCurrent.statusCode).toBe(400);
		expect(noCurrent.json().error.details.field).toBe("current_password");
		const wrong = await t.request({ method: "PATCH", url: "/v2/users/me", token: parent.token, payload: { new_password: "second password", current_password: "nope" } });
		expect(wrong.json().error.details).toMatchObject({ field: "current_password", issue: "incorrect" });
		const changed = await t.request({ method: "PATCH", url: "/v2/users/me", token: parent.token, payload: { new_password: "second password", current_password: "first password", email: "mum@example.test" } });
		expect(changed.statusCode).toBe(200);
		expect(changed.json().data.email).toBe("mum@example.test");
		// A password change signs out other sessions.
		expect((await t.request({ method: "POST", url: "/v2/auth/refresh", payload: { refresh_token: parent.refreshToken } })).statusCode).toBe(401);
		expect((await t.request({ method: "POST", url: "/v2/auth/login", payload: { email: "mum@example.test", password: "second password" } })).statusCode).toBe(200);
		const [row] = await t.services.database.db.select().from(users).where(eq(users.id, parent.id));
		expect(row.passwordHash).not.toContain("second password");
		const audits = await auditsFor(parent.id);
		expect(JSON.stringify(audits)).not.toContain("second password");
		expect(audits.map((a) => a.action)).toContain("user.profile.update");
	});

	it("refuses an email for students, empty bodies, unknown fields and missing tokens", async () => {
		const student = await t.createUser({ role: "student", password: PASSWORD });
		const email = await t.request({ method: "PATCH", url: "/v2/users/me", token: student.token, payload: { email: "kid@example.test", current_password: PASSWORD } });
		expect(email.statusCode).toBe(400);
		expect(email.json().error.details.field).toBe("email");
		expect((await t.request({ method: "PATCH", url: "/v2/users/me", token: student.token, payload: {} })).statusCode).toBe(400);
		expect((await t.request({ method: "PATCH", url: "/v2/users/me", token: student.token, payload: { role: "admin" } })).json().error.details.field).toBe("role");
		expect((await t.request({ method: "PATCH", url: "/v2/users/me", payload: { display_name: "x" } })).statusCode).toBe(401);
	});
});

describe("GET /v2/users/{id}/analytics", () => {
	it("counts logins, classes and students, and includes a registered progress summary", async () => {
		const school = await t.createSchool();
		const teacher = await t.createUser({ role: "teacher", schoolId: school.id });
		const kid = await t.createUser({ role: "student", schoolId: school.id });
		await t.createClass({ schoolId: school.id, teacherId: teacher.id, studentIds: [kid.id] });
		await t.createClass({ schoolId: school.id, teacherId: teacher.id, studentIds: [kid.id] });
		for (let i = 0; i < 2; i++) await t.request({ method: "POST", url: "/v2/auth/login", payload: { username: teacher.username, password: PASSWORD } });
		const res = await t.request({ method: "GET", url: `/v2/users/${teacher.id}/analytics`, token: teacher.token });
		expect(res.statusCode).toBe(200);
		expect(res.json().data).toMatchObject({ user_id: teacher.id, role: "teacher", logins: { total: 2 }, classes: 2, students: 1, progress: null });
		expect(res.json().data.logins.last_login_at).not.toBeNull();

		provideProgressSummary(async (_db, user) => ({ lessons_completed: user.role === "student" ? 3 : 0 }));
		const kidView = await t.request({ method: "GET", url: `/v2/users/${kid.id}/analytics`, token: teacher.token });
		expect(kidView.json().data).toMatchObject({ classes: 2, progress: { lessons_completed: 3 } });

		const parent = await t.createUser({ role: "parent" });
		expect((await t.request({ method: "GET", url: `/v2/users/${kid.id}/analytics`, token: parent.token })).statusCode).toBe(403);
		expect((await t.request({ method: "GET", url: `/v2/users/${kid.id}/analytics` })).statusCode).toBe(401);
	});
});

describe("registration limits and settings", () => {
	it("limits registration to 10 a minute per address", async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 11; i++) {
			const res = await t.request({ method: "POST", url: "/v2/auth/register", payload: { role: "parent" }, remoteAddress: "10.8.8.8" });
			statuses.push(res.statusCode);
		}
		expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
		expect(statuses[10]).toBe(429);
	});
});
