import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, users } from "../../src/db/tables.js";
import { JOIN_CODE_ALPHABET } from "../../src/modules/platform/classes/joinCode.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

let t: TestApp;
beforeAll(async () => {
	t = await startTestApp();
});
afterAll(() => t.close());

const actionsOn = async (targetId: string) => (await t.services.database.db.select().from(auditLog).where(eq(auditLog.targetId, targetId))).map((a) => a.action);

/** A school with a teacher, and a second school with its own teacher, for cross-school checks. */
async function twoSchools() {
	const mine = await t.createSchool();
	const other = await t.createSchool();
	const teacher = await t.createUser({ role: "teacher", schoolId: mine.id });
	const otherTeacher = await t.createUser({ role: "teacher", schoolId: other.id });
	return { mine, other, teacher, otherTeacher };
}

describe("/v2/schools", () => {
	it("admin creates, lists, reads, updates (tier applies to members) and deletes schools", async () => {
		const admin = await t.createUser({ role: "admin" });
		const created = await t.request({ method: "POST", url: "/v2/schools", token: admin.token, payload: { name: "Hill Academy" } });
		expect(created.statusCode).toBe(201);
		const school = created.json().data;
		expect(school).toMatchObject({ name: "Hill Academy", tier: "standard" });
		const member = await t.createUser({ role: "teacher", schoolId: school.id });

		const list = await t.request({ method: "GET", url: "/v2/schools?q=hill&per_page=10", token: admin.token });
		expect(list.json().data.items.map((s: { id: string }) => s.id)).toEqual([school.id]);
		const patched = await t.request({ method: "PATCH", url: `/v2/schools/${school.id}`, token: admin.token, payload: { tier: "enterprise", name: "Hill Academy II" } });
		expect(patched.json().data).toMatchObject({ tier: "enterprise", name: "Hill Academy II" });
		const [row] = await t.services.database.db.select().from(users).where(eq(users.id, member.id));
		expect(row.tier).toBe("enterprise");
		expect((await t.request({ method: "GET", url: `/v2/schools/${school.id}`, token: admin.token })).json().data.name).toBe("Hill Academy II");

		expect((await t.request({ method: "DELETE", url: `/v2/schools/${school.id}`, token: admin.token })).statusCode).toBe(200);
		expect((await t.request({ method: "GET", url: `/v2/schools/${school.id}`, token: admin.token })).statusCode).toBe(404);
		expect(await actionsOn(school.id)).toEqual(expect.arrayContaining(["school.create", "school.update", "school.delete"]));
	});

	it("teachers read only their own school; others are 404; students and parents 403; no token 401", async () => {
		const { mine, other, teacher } = await twoSchools();
		expect((await t.request({ method: "GET", url: `/v2/schools/${mine.id}`, token: teacher.token })).statusCode).toBe(200);
		expect((await t.request({ method: "GET", url: `/v2/schools/${other.id}`, token: teacher.token })).statusCode).toBe(404);
		const list = await t.request({ method: "GET", url: "/v2/schools", token: teacher.token });
		expect(list.json().data.items.map((s: { id: string }) => s.id)).toEqual([mine.id]);
		const student = await t.createUser({ role: "student", schoolId: mine.id });
		expect((await t.request({ method: "GET", url: `/v2/schools/${mine.id}`, token: student.token })).statusCode).toBe(403);
		expect((await t.request({ method: "GET", url: "/v2/schools" })).statusCode).toBe(401);
		for (const w of [
			{ method: "POST" as const, url: "/v2/schools", payload: { name: "X" } },
			{ method: "PATCH" as const, url: `/v2/schools/${mine.id}`, payload: { name: "X" } },
			{ method: "DELETE" as const, url: `/v2/schools/${mine.id}` },
		]) {
			expect((await t.request(w)).statusCode).toBe(401);
			expect((await t.request({ ...w, token: teacher.token })).statusCode).toBe(403);
		}
	});

	it("refuses bad bodies with the field named", async () => {
		const admin = await t.createUser({ role: "admin" });
		const cases: [string, Record<string, unknown>, string][] = [
			["POST", { name: "" }, "name"],
			["POST", { name: "   " }, "name"],
			["POST", { name: "X", tier: "gold" }, "tier"],
			["POST", { tier: "premium" }, "name"],
			["POST", { name: "X", owner: "me" }, "owner"],
		];
		for (const [method, payload, field] of cases) {
			const res = await t.request({ method: method as "POST", url: "/v2/schools", token: admin.token, payload });
			expect(res.statusCode, JSON.stringify(payload)).toBe(400);
			expect(res.json().error.details.field).toBe(field);
		}
		const school = await t.createSchool();
		const bad = await t.request({ method: "PATCH", url: `/v2/schools/${school.id}`, token: admin.token, payload: { name: 5 } });
		expect(bad.json().error.details.field).toBe("name");
		expect((await t.request({ method: "PATCH", url: "/v2/schools/00000000-0000-4000-8000-000000000000", token: admin.token, payload: { name: "Y" } })).statusCode).toBe(404);
	});
});

describe("/v2/classes", () => {
	it("a teacher creates a class in their school with an unambiguous join code, updates, regenerates and deletes it", async () => {
		const { mine, teacher } = await twoSchools();
		const created = await t.request({ method: "POST", url: "/v2/classes", token: teacher.token, payload: { name: "Fractions", subject: "math", grade_level: 5 } });
		expect(created.statusCode).toBe(201);
		const klass = created.json().data;
		expect(klass).toMatchObject({ school_id: mine.id, teacher_id: teacher.id, name: "Fractions", grade_level: 5, student_count: 0 });
		expect(klass.join_code).toMatch(new RegExp(`^[${JOIN_CODE_ALPHABET}]{6,8}$`));
		expect(klass.join_code).not.toMatch(/[01OIL]/);

		const patched = await t.request({ method: "PATCH", url: `/v2/classes/${klass.id}`, token: teacher.token, payload: { name: "Fractions 2", subject: null } });
		expect(patched.json().data).toMatchObject({ name: "Fractions 2", subject: null });
		const regenerated = await t.request({ method: "POST", url: `/v2/classes/${klass.id}/join-code`, token: teacher.token });
		expect(regenerated.statusCode).toBe(200);
		expect(regenerated.json().data.join_code).not.toBe(klass.join_code);

		const list = await t.request({ method: "GET", url: "/v2/classes", token: teacher.token });
		expect(list.json().data.items.map((c: { id: string }) => c.id)).toContain(klass.id);
		expect((await t.request({ method: "DELETE", url: `/v2/classes/${klass.id}`, token: teacher.token })).statusCode).toBe(200);
		expect((await t.request({ method: "GET", url: `/v2/classes/${klass.id}`, token: teacher.token })).statusCode).toBe(404);
		expect(await actionsOn(klass.id)).toEqual(expect.arrayContaining(["class.create", "class.update", "class.join_code.regenerate", "class.delete"]));
	});

	it("hides another school's classes (404) and refuses students (403) and missing tokens (401)", async () => {
		const { other, teacher, otherTeacher } = await twoSchools();
		const theirs = await t.createClass({ schoolId: other.id, teacherId: otherTeacher.id });
		for (const req of [
			{ method: "GET" as const, url: `/v2/classes/${theirs.id}` },
			{ method: "PATCH" as const, url: `/v2/classes/${theirs.id}`, payload: { name: "Mine now" } },
			{ method: "DELETE" as const, url: `/v2/classes/${theirs.id}` },
			{ method: "POST" as const, url: `/v2/classes/${theirs.id}/join-code` },
			{ method: "GET" as const, url: `/v2/classes/${theirs.id}/students` },
		]) {
			expect((await t.request({ ...req, token: teacher.token })).statusCode, req.method + req.url).toBe(404);
			expect((await t.request(req)).statusCode).toBe(401);
		}
		const list = await t.request({ method: "GET", url: "/v2/classes?per_page=100", token: teacher.token });
		expect(list.json().data.items.map((c: { id: string }) => c.id)).not.toContain(theirs.id);
		const student = await t.createUser({ role: "student", schoolId: other.id });
		expect((await t.request({ method: "POST", url: "/v2/classes", token: student.token, payload: { name: "Mine" } })).statusCode).toBe(403);
		const parent = await t.createUser({ role: "parent" });
		expect((await t.request({ method: "GET", url: "/v2/classes", token: parent.token })).statusCode).toBe(403);
		const schoolless = await t.createUser({ role: "teacher" });
		expect((await t.request({ method: "POST", url: "/v2/classes", token: schoolless.token, payload: { name: "Mine" } })).statusCode).toBe(403);
	});

	it("refuses bad bodies with the field named", async () => {
		const { other, teacher } = await twoSchools();
		const admin = await t.createUser({ role: "admin" });
		const cases: [string, Record<string, unknown>, string][] = [
			[teacher.token, { name: "" }, "name"],
			[teacher.token, { name: "A", grade_level: "5" }, "grade_level"],
			[teacher.token, { name: "A", grade_level: 99 }, "grade_level"],
			[teacher.token, { name: "A", school_id: other.id }, "school_id"],
			[teacher.token, { name: "A", teacher_id: "nope" }, "teacher_id"],
			[teacher.token, { name: "A", join_code: "ABCDEF" }, "join_code"],
			[admin.token, { name: "A" }, "school_id"],
			[admin.token, { name: "A", school_id: "00000000-0000-4000-8000-000000000000" }, "school_id"],
		];
		for (const [token, payload, field] of cases) {
			const res = await t.request({ method: "POST", url: "/v2/classes", token, payload });
			expect(res.statusCode, JSON.stringify(payload)).toBe(400);
			expect(res.json().error.details.field).toBe(field);
		}
		const otherTeacherInMine = await t.createUser({ role: "teacher", schoolId: other.id });
		const wrongTeacher = await t.request({ method: "POST", url: "/v2/classes", token: teacher.token, payload: { name: "A", teacher_id: otherTeacherInMine.id } });
		expect(wrongTeacher.json().error.details.field).toBe("teacher_id");
	});

	it("admins create classes in any school and see every class", async () => {
		const { other, otherTeacher } = await twoSchools();
		const admin = await t.createUser({ role: "admin" });
		const res = await t.request({ method: "POST", url: "/v2/classes", token: admin.token, payload: { name: "Admin made", school_id: other.id, teacher_id: otherTeacher.id } });
		expect(res.statusCode).toBe(201);
		const list = await t.request({ method: "GET", url: `/v2/classes?school_id=${other.id}`, token: admin.token });
		expect(list.json().data.items.map((c: { id: string }) => c.id)).toContain(res.json().data.id);
	});
});

describe("enrollments and joining", () => {
	it("a teacher enrolls and removes a student; the class lists its students", async () => {
		const { mine, teacher } = await twoSchools();
		const klass = await t.createClass({ schoolId: mine.id, teacherId: teacher.id });
		const student = await t.createUser({ role: "student", schoolId: mine.id });
		const added = await t.request({ method: "POST", url: `/v2/classes/${klass.id}/enrollments`, token: teacher.token, payload: { user_id: student.id } });
		expect(added.statusCode).toBe(201);
		expect(added.json().data).toMatchObject({ class_id: klass.id, user_id: student.id });
		const again = await t.request({ method: "POST", url: `/v2/classes/${klass.id}/enrollments`, token: teacher.token, payload: { user_id: student.id } });
		expect(again.statusCode).toBe(409);
		const students = await t.request({ method: "GET", url: `/v2/classes/${klass.id}/students`, token: teacher.token });
		expect(students.json().data.map((s: { id: string }) => s.id)).toEqual([student.id]);
		expect(students.json().data[0].enrolled_at).toBeDefined();
		expect((await t.request({ method: "GET", url: `/v2/classes/${klass.id}`, token: student.token })).json().data.student_count).toBe(1);
		expect((await t.request({ method: "GET", url: "/v2/classes", token: student.token })).json().data.items.map((c: { id: string }) => c.id)).toEqual([klass.id]);

		const removed = await t.request({ method: "DELETE", url: `/v2/classes/${klass.id}/enrollments/${student.id}`, token: teacher.token });
		expect(removed.statusCode).toBe(200);
		expect((await t.request({ method: "DELETE", url: `/v2/classes/${klass.id}/enrollments/${student.id}`, token: teacher.token })).statusCode).toBe(404);
		expect((await t.request({ method: "GET", url: `/v2/classes/${klass.id}`, token: student.token })).statusCode).toBe(404);
		expect(await actionsOn(`${klass.id}:${student.id}`)).toEqual(["class.enrollment.create", "class.enrollment.delete"]);
	});

	it("refuses non-students, another school's students, wrong roles and bad bodies", async () => {
		const { mine, other, teacher } = await twoSchools();
		const klass = await t.createClass({ schoolId: mine.id, teacherId: teacher.id });
		const url = `/v2/classes/${klass.id}/enrollments`;
		const parent = await t.createUser({ role: "parent", schoolId: mine.id });
		const notStudent = await t.request({ method: "POST", url, token: teacher.token, payload: { user_id: parent.id } });
		expect(notStudent.statusCode).toBe(400);
		expect(notStudent.json().error.details.field).toBe("user_id");
		const stranger = await t.createUser({ role: "student", schoolId: other.id });
		expect((await t.request({ method: "POST", url, token: teacher.token, payload: { user_id: stranger.id } })).statusCode).toBe(404);
		const student = await t.createUser({ role: "student", schoolId: mine.id });
		expect((await t.request({ method: "POST", url, token: student.token, payload: { user_id: student.id } })).statusCode).toBe(403);
		expect((await t.request({ method: "POST", url, payload: { user_id: student.id } })).statusCode).toBe(401);
		for (const [payload, field] of [[{}, "user_id"], [{ user_id: 7 }, "user_id"], [{ user_id: student.id, role: "x" }, "role"]] as const) {
			const res = await t.request({ method: "POST", url, token: teacher.token, payload });
			expect(res.statusCode).toBe(400);
			expect(res.json().error.details.field).toBe(field);
		}
	});

	it("a student joins by code (any case, with dashes); a second join is 409; other schools' students are refused", async () => {
		const { mine, other, teacher } = await twoSchools();
		const klass = await t.createClass({ schoolId: mine.id, teacherId: teacher.id, joinCode: "JNK234" });
		const newcomer = await t.createUser({ role: "student" });
		const joined = await t.request({ method: "POST", url: "/v2/classes/join", token: newcomer.token, payload: { join_code: "jnk-234" } });
		expect(joined.statusCode).toBe(201);
		expect(joined.json().data.class_id).toBe(klass.id);
		const [row] = await t.services.database.db.select().from(users).where(eq(users.id, newcomer.id));
		expect(row.schoolId).toBe(mine.id);
		expect((await t.request({ method: "POST", url: "/v2/classes/join", token: newcomer.token, payload: { join_code: "JNK234" } })).statusCode).toBe(409);
		const outsider = await t.createUser({ role: "student", schoolId: other.id });
		expect((await t.request({ method: "POST", url: "/v2/classes/join", token: outsider.token, payload: { join_code: "JNK234" } })).statusCode).toBe(409);
		expect((await t.request({ method: "POST", url: "/v2/classes/join", token: outsider.token, payload: { join_code: "ZZZZZZ" } })).statusCode).toBe(404);
		expect((await t.request({ method: "POST", url: "/v2/classes/join", token: teacher.token, payload: { join_code: "JNK234" } })).statusCode).toBe(403);
		expect((await t.request({ method: "POST", url: "/v2/classes/join", payload: { join_code: "JNK234" } })).statusCode).toBe(401);
		expect((await t.request({ method: "POST", url: "/v2/classes/join", token: outsider.token, payload: { code: "JNK234" } })).json().error.details.field).toBe("join_code");
	});

	it("enforces the max_students_per_class setting", async () => {
		const { mine, teacher } = await twoSchools();
		const admin = await t.createUser({ role: "admin" });
		const klass = await t.createClass({ schoolId: mine.id, teacherId: teacher.id });
		await t.request({ method: "PATCH", url: "/v2/system/config", token: admin.token, payload: { max_students_per_class: 1 } });
		try {
			const a = await t.createUser({ role: "student", schoolId: mine.id });
			const b = await t.createUser({ role: "student", schoolId: mine.id });
			expect((await t.request({ method: "POST", url: `/v2/classes/${klass.id}/enrollments`, token: teacher.token, payload: { user_id: a.id } })).statusCode).toBe(201);
			const full = await t.request({ method: "POST", url: `/v2/classes/${klass.id}/enrollments`, token: teacher.token, payload: { user_id: b.id } });
			expect(full.statusCode).toBe(409);
			expect(full.json().error.message).toMatch(/full/);
		} finally {
			await t.request({ method: "PATCH", url: "/v2/system/config", token: admin.token, payload: { max_students_per_class: 200 } });
		}
	});
});

describe("guardianships", () => {
	it("a teacher links a parent to a student; the parent then reads the child", async () => {
		const { mine, teacher } = await twoSchools();
		const student = await t.createUser({ role: "student", schoolId: mine.id });
		const parent = await t.createUser({ role: "parent" });
		expect((await t.request({ method: "GET", url: `/v2/users/${student.id}`, token: parent.token })).statusCode).toBe(403);
		const linked = await t.request({ method: "POST", url: `/v2/users/${student.id}/guardians`, token: teacher.token, payload: { parent_id: parent.id } });
		expect(linked.statusCode).toBe(201);
		expect(linked.json().data).toMatchObject({ parent_id: parent.id, student_id: student.id });
		expect((await t.request({ method: "POST", url: `/v2/users/${student.id}/guardians`, token: teacher.token, payload: { parent_id: parent.id } })).statusCode).toBe(409);
		expect((await t.request({ method: "GET", url: `/v2/users/${student.id}`, token: parent.token })).statusCode).toBe(200);
		expect((await t.request({ method: "GET", url: "/v2/users/me/children", token: parent.token })).json().data.map((u: { id: string }) => u.id)).toEqual([student.id]);
		expect((await t.request({ method: "GET", url: `/v2/users/${student.id}/guardians`, token: teacher.token })).json().data.map((u: { id: string }) => u.id)).toEqual([parent.id]);
		const analytics = await t.request({ method: "GET", url: `/v2/users/${student.id}/analytics`, token: parent.token });
		expect(analytics.json().data.guardians).toBe(1);
		expect(await actionsOn(`${parent.id}:${student.id}`)).toEqual(["user.guardian.create"]);

		expect((await t.request({ method: "DELETE", url: `/v2/users/${student.id}/guardians/${parent.id}`, token: teacher.token })).statusCode).toBe(200);
		expect((await t.request({ method: "GET", url: `/v2/users/${student.id}`, token: parent.token })).statusCode).toBe(403);
	});

	it("refuses other schools' students (404), non-parents (400), wrong roles (403) and no token (401)", async () => {
		const { mine, other, teacher } = await twoSchools();
		const stranger = await t.createUser({ role: "student", schoolId: other.id });
		const parent = await t.createUser({ role: "parent" });
		expect((await t.request({ method: "POST", url: `/v2/users/${stranger.id}/guardians`, token: teacher.token, payload: { parent_id: parent.id } })).statusCode).toBe(404);
		const student = await t.createUser({ role: "student", schoolId: mine.id });
		const notParent = await t.request({ method: "POST", url: `/v2/users/${student.id}/guardians`, token: teacher.token, payload: { parent_id: teacher.id } });
		expect(notParent.statusCode).toBe(400);
		expect(notParent.json().error.details.field).toBe("parent_id");
		expect((await t.request({ method: "POST", url: `/v2/users/${student.id}/guardians`, token: parent.token, payload: { parent_id: parent.id } })).statusCode).toBe(403);
		expect((await t.request({ method: "POST", url: `/v2/users/${student.id}/guardians`, payload: { parent_id: parent.id } })).statusCode).toBe(401);
		expect((await t.request({ method: "POST", url: `/v2/users/${student.id}/guardians`, token: teacher.token, payload: { parent_id: "x" } })).json().error.details.field).toBe("parent_id");
		const unlink = { method: "DELETE" as const, url: `/v2/users/${student.id}/guardians/${parent.id}` };
		expect((await t.request(unlink)).statusCode).toBe(401);
		expect((await t.request({ ...unlink, token: parent.token })).statusCode).toBe(403);
		expect((await t.request({ ...unlink, token: teacher.token })).statusCode).toBe(404);
		expect((await t.request({ method: "GET", url: `/v2/users/${student.id}/guardians`, token: parent.token })).statusCode).toBe(403);
		expect((await t.request({ method: "GET", url: `/v2/users/${stranger.id}/guardians`, token: teacher.token })).statusCode).toBe(404);
	});
});
