import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog } from "../../src/db/tables.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

let t: TestApp;
let school: { id: string };
let other: { id: string };
let teacher: { id: string; token: string };
let teacher2: { id: string; token: string };
let outsider: { id: string; token: string };
let student: { id: string; token: string };
let strayStudent: { id: string; token: string };
let parent: { id: string; token: string };
let admin: { id: string; token: string };
let classId: string;
let otherClassId: string;

const lessonBody = (extra: Record<string, unknown> = {}) => ({ title: "Fractions", content: "Adding unlike denominators", subject: "Mathematics", grade_level: 5, objectives: ["5.NF.A.1"], ...extra });

beforeAll(async () => {
	t = await startTestApp();
	school = await t.createSchool();
	other = await t.createSchool();
	teacher = await t.createUser({ role: "teacher", schoolId: school.id });
	teacher2 = await t.createUser({ role: "teacher", schoolId: school.id });
	outsider = await t.createUser({ role: "teacher", schoolId: other.id });
	student = await t.createUser({ role: "student", schoolId: school.id });
	strayStudent = await t.createUser({ role: "student", schoolId: school.id });
	parent = await t.createUser({ role: "parent", schoolId: school.id });
	admin = await t.createUser({ role: "admin" });
	classId = (await t.createClass({ schoolId: school.id, teacherId: teacher.id, studentIds: [student.id] })).id;
	otherClassId = (await t.createClass({ schoolId: other.id, teacherId: outsider.id })).id;
});
afterAll(() => t.close());

async function createLesson(token: string, extra: Record<string, unknown> = {}) {
	const res = await t.request({ method: "POST", url: "/v2/lessons", token, payload: lessonBody(extra) });
	expect(res.statusCode, res.body).toBe(201);
	return res.json().data as { id: string; school_id: string; status: string };
}

describe("lessons CRUD", () => {
	it("creates a lesson in the teacher's school, audited, and reads it back", async () => {
		const res = await t.request({ method: "POST", url: "/v2/lessons", token: teacher.token, payload: lessonBody({ class_id: classId }) });
		expect(res.statusCode).toBe(201);
		const body = res.json();
		expect(body).toMatchObject({ success: true, data: { school_id: school.id, author_id: teacher.id, class_id: classId, status: "draft", grade_level: 5, objectives: ["5.NF.A.1"] } });
		const entries = await t.services.database.db.select().from(auditLog).where(eq(auditLog.targetId, body.data.id));
		expect(entries.map((e) => e.action)).toEqual(["lesson.create"]);
		const read = await t.request({ method: "GET", url: `/v2/lessons/${body.data.id}`, token: teacher.token });
		expect(read.json().data.title).toBe("Fractions");
	});

	it("updates and deletes (author only; other teacher 403; other school 404)", async () => {
		const lesson = await createLesson(teacher.token);
		const patch = await t.request({ method: "PATCH", url: `/v2/lessons/${lesson.id}`, token: teacher.token, payload: { status: "published", title: "Fractions II" } });
		expect(patch.statusCode).toBe(200);
		expect(patch.json().data).toMatchObject({ status: "published", title: "Fractions II", subject: "Mathematics" });
		expect((await t.request({ method: "PATCH", url: `/v2/lessons/${lesson.id}`, token: teacher2.token, payload: { title: "x" } })).statusCode).toBe(403);
		expect((await t.request({ method: "PATCH", url: `/v2/lessons/${lesson.id}`, token: outsider.token, payload: { title: "x" } })).statusCode).toBe(404);
		expect((await t.request({ method: "GET", url: `/v2/lessons/${lesson.id}`, token: outsider.token })).json().error.code).toBe("NOT_FOUND");
		expect((await t.request({ method: "DELETE", url: `/v2/lessons/${lesson.id}`, token: outsider.token })).statusCode).toBe(404);
		const del = await t.request({ method: "DELETE", url: `/v2/lessons/${lesson.id}`, token: teacher.token });
		expect(del.json().data).toEqual({ deleted: true });
		expect((await t.request({ method: "GET", url: `/v2/lessons/${lesson.id}`, token: teacher.token })).statusCode).toBe(404);
	});

	it("rejects bad bodies naming the field", async () => {
		const cases: [Record<string, unknown>, string][] = [
			[lessonBody({ grade_level: 13 }), "grade_level"],
			[lessonBody({ grade_level: "5" }), "grade_level"],
			[lessonBody({ status: "archived" }), "status"],
			[lessonBody({ objectives: "x" }), "objectives"],
			[lessonBody({ title: "" }), "title"],
			[lessonBody({ extra: 1 }), "extra"],
			[lessonBody({ class_id: otherClassId }), "class_id"],
			[{ content: "c", subject: "s", grade_level: 1 }, "title"],
		];
		for (const [payload, field] of cases) {
			const res = await t.request({ method: "POST", url: "/v2/lessons", token: teacher.token, payload });
			expect(res.statusCode, JSON.stringify(payload)).toBe(400);
			expect(res.json().error).toMatchObject({ code: "VALIDATION_ERROR", details: { field } });
		}
		const lesson = await createLesson(teacher.token);
		const empty = await t.request({ method: "PATCH", url: `/v2/lessons/${lesson.id}`, token: teacher.token, payload: {} });
		expect(empty.statusCode).toBe(400);
		const badId = await t.request({ method: "GET", url: "/v2/lessons/not-a-uuid", token: teacher.token });
		expect(badId.statusCode).toBe(400);
		expect(badId.json().error.details.field).toBe("id");
	});

	it("401 without a token, 403 for students and parents writing", async () => {
		expect((await t.request({ method: "POST", url: "/v2/lessons", payload: lessonBody() })).statusCode).toBe(401);
		expect((await t.request({ method: "GET", url: "/v2/lessons" })).json().error.code).toBe("UNAUTHORIZED");
		expect((await t.request({ method: "POST", url: "/v2/lessons", token: student.token, payload: lessonBody() })).statusCode).toBe(403);
		expect((await t.request({ method: "POST", url: "/v2/lessons", token: parent.token, payload: lessonBody() })).json().error.code).toBe("FORBIDDEN");
	});

	it("lets an admin without a school create a lesson for a class, and demands class_id otherwise", async () => {
		const res = await t.request({ method: "POST", url: "/v2/lessons", token: admin.token, payload: lessonBody({ class_id: otherClassId }) });
		expect(res.statusCode).toBe(201);
		expect(res.json().data.school_id).toBe(other.id);
		const missing = await t.request({ method: "POST", url: "/v2/lessons", token: admin.token, payload: lessonBody() });
		expect(missing.json().error.details.field).toBe("class_id");
	});
});

describe("lesson list and visibility", () => {
	let isolated: TestApp;
	let ids: Record<string, string>;
	let tk: { teacher: string; student: string; stray: string; parent: string; outsider: string; admin: string };
	beforeAll(async () => {
		isolated = await startTestApp();
		const s = await isolated.createSchool();
		const o = await isolated.createSchool();
		const te = await isolated.createUser({ role: "teacher", schoolId: s.id });
		const st = await isolated.createUser({ role: "student", schoolId: s.id });
		const stray = await isolated.createUser({ role: "student", schoolId: s.id });
		const pa = await isolated.createUser({ role: "parent", schoolId: s.id });
		const ou = await isolated.createUser({ role: "teacher", schoolId: o.id });
		const ad = await isolated.createUser({ role: "admin" });
		const { guardianships } = await import("../../src/db/tables.js");
		await isolated.services.database.db.insert(guardianships).values({ parentId: pa.id, studentId: st.id });
		const cls = await isolated.createClass({ schoolId: s.id, teacherId: te.id, studentIds: [st.id] });
		const cls2 = await isolated.createClass({ schoolId: s.id, teacherId: te.id });
		const make = async (token: string, body: Record<string, unknown>) => (await isolated.request({ method: "POST", url: "/v2/lessons", token, payload: lessonBody(body) })).json().data.id as string;
		ids = {
			pubMath: await make(te.token, { class_id: cls.id, status: "published", title: "Decimals on a line", grade_level: 5 }),
			draftMath: await make(te.token, { class_id: cls.id, status: "draft", title: "Draft fractions" }),
			pubScience: await make(te.token, { class_id: cls.id, status: "published", subject: "Science", grade_level: 6, title: "Forces", content: "Newton 100%" }),
			otherClass: await make(te.token, { class_id: cls2.id, status: "published", title: "Other class" }),
			noClass: await make(te.token, { status: "published", title: "No class" }),
			foreign: await make(ou.token, { status: "published", title: "Foreign" }),
		};
		tk = { teacher: te.token, student: st.token, stray: stray.token, parent: pa.token, outsider: ou.token, admin: ad.token };
	});
	afterAll(() => isolated.close());

	const list = async (token: string, query = "") => {
		const res = await isolated.request({ method: "GET", url: `/v2/lessons${query}`, token });
		expect(res.statusCode, res.body).toBe(200);
		return res.json().data as { items: { id: string }[]; total: number; page: number; per_page: number };
	};
	const idsOf = (page: { items: { id: string }[] }) => new Set(page.items.map((i) => i.id));

	it("teachers see every lesson of their school, not another school's", async () => {
		const page = await list(tk.teacher);
		expect(page.total).toBe(5);
		expect(idsOf(page).has(ids.foreign)).toBe(false);
		expect(idsOf(await list(tk.outsider))).toEqual(new Set([ids.foreign]));
		expect((await list(tk.admin)).total).toBe(6);
	});

	it("students and parents see only published lessons of their (children's) classes", async () => {
		const expected = new Set([ids.pubMath, ids.pubScience]);
		expect(idsOf(await list(tk.student))).toEqual(expected);
		expect(idsOf(await list(tk.parent))).toEqual(expected);
		expect((await list(tk.stray)).total).toBe(0);
		expect((await isolated.request({ method: "GET", url: `/v2/lessons/${ids.draftMath}`, token: tk.student })).statusCode).toBe(404);
		expect((await isolated.request({ method: "GET", url: `/v2/lessons/${ids.otherClass}`, token: tk.student })).statusCode).toBe(404);
		expect((await isolated.request({ method: "GET", url: `/v2/lessons/${ids.pubMath}`, token: tk.student })).statusCode).toBe(200);
	});

	it("filters by subject, grade, status, class and text, and paginates", async () => {
		expect(idsOf(await list(tk.teacher, "?subject=Science"))).toEqual(new Set([ids.pubScience]));
		expect((await list(tk.teacher, "?grade_level=6")).total).toBe(1);
		expect(idsOf(await list(tk.teacher, "?status=draft"))).toEqual(new Set([ids.draftMath]));
		expect((await list(tk.teacher, `?status=published`)).total).toBe(4);
		expect(idsOf(await list(tk.teacher, "?q=decimals"))).toEqual(new Set([ids.pubMath]));
		expect(idsOf(await list(tk.teacher, "?q=100%25"))).toEqual(new Set([ids.pubScience]));
		const p1 = await list(tk.teacher, "?per_page=2&page=1");
		const p3 = await list(tk.teacher, "?per_page=2&page=3");
		expect([p1.items.length, p3.items.length, p1.total]).toEqual([2, 1, 5]);
		const bad = await isolated.request({ method: "GET", url: "/v2/lessons?grade_level=0", token: tk.teacher });
		expect(bad.json().error.details.field).toBe("grade_level");
	});
});

describe("lesson generation", () => {
	// The generator itself is tested in test/content; here: the route keeps this area's access rules.
	it("generates for the author, and keeps 401/403/404 for others", async () => {
		const lesson = await createLesson(teacher.token);
		const res = await t.request({ method: "POST", url: `/v2/lessons/${lesson.id}/generate`, token: teacher.token, payload: { seed: 7, max_questions: 2 } });
		expect(res.statusCode, res.body).toBe(200);
		expect(res.json()).toMatchObject({ success: true, data: { lesson_id: lesson.id, status: "generated" } });
		expect((await t.request({ method: "POST", url: `/v2/lessons/${lesson.id}/generate` })).statusCode).toBe(401);
		expect((await t.request({ method: "POST", url: `/v2/lessons/${lesson.id}/generate`, token: student.token })).statusCode).toBe(403);
		expect((await t.request({ method: "POST", url: `/v2/lessons/${lesson.id}/generate`, token: teacher2.token })).statusCode).toBe(403);
		expect((await t.request({ method: "POST", url: `/v2/lessons/${lesson.id}/generate`, token: outsider.token })).statusCode).toBe(404);
	});
});

describe("quizzes", () => {
	const questions = [
		{ id: "q1", text: "2/5 + 1/2 = ?", options: ["3/7", "9/10", "3/10"], correct: 1, points: 2, explanation: "common denominator 10" },
		{ id: "q2", text: "0.5 > 0.45?", options: ["yes", "no"], correct: 0 },
		{ id: "q3", text: "3x = 12", options: ["x=3", "x=4", "x=9"], correct: 1, points: 3 },
	];
	let lessonId: string;
	let quizId: string;
	beforeAll(async () => {
		lessonId = (await createLesson(teacher.token, { class_id: classId, status: "published" })).id;
	});

	it("creates a quiz; staff see the key, students never do", async () => {
		const res = await t.request({ method: "POST", url: `/v2/lessons/${lessonId}/quizzes`, token: teacher.token, payload: { title: "Check", questions } });
		expect(res.statusCode, res.body).toBe(201);
		quizId = res.json().data.id;
		expect(res.json().data).toMatchObject({ max_score: 6, kind: "quiz", questions: [{ id: "q1", correct: 1, points: 2, explanation: "common denominator 10" }, { points: 1 }, { points: 3 }] });
		const asStudent = await t.request({ method: "GET", url: `/v2/quizzes/${quizId}`, token: student.token });
		expect(asStudent.statusCode).toBe(200);
		expect(asStudent.body).not.toContain("correct");
		expect(asStudent.body).not.toContain("common denominator");
		expect(asStudent.json().data.questions[0]).toEqual({ id: "q1", text: "2/5 + 1/2 = ?", options: ["3/7", "9/10", "3/10"], points: 2 });
		const listed = await t.request({ method: "GET", url: `/v2/lessons/${lessonId}/quizzes`, token: student.token });
		expect(listed.json().data).toHaveLength(1);
		expect(listed.body).not.toContain('"correct"');
		expect((await t.request({ method: "GET", url: `/v2/lessons/${lessonId}/quizzes`, token: teacher.token })).json().data[0].questions[2].correct).toBe(1);
	});

	it("scores attempts on the server and records the best score as progress", async () => {
		const first = await t.request({ method: "POST", url: `/v2/quizzes/${quizId}/attempts`, token: student.token, payload: { answers: [1, 1, 1] } });
		expect(first.statusCode, first.body).toBe(201);
		expect(first.json().data).toMatchObject({ score: 5, max_score: 6, percentage: 83.33, correct_count: 2, question_count: 3 });
		expect(first.body).not.toContain("correct\":");
		const second = await t.request({ method: "POST", url: `/v2/quizzes/${quizId}/attempts`, token: student.token, payload: { answers: [0, null, 2] } });
		expect(second.json().data).toMatchObject({ score: 0, percentage: 0 });
		const progress = await t.request({ method: "GET", url: `/v2/progress?lesson_id=${lessonId}`, token: student.token });
		expect(progress.json().data.items[0]).toMatchObject({ lesson_id: lessonId, score: 83.33 });
		const attempts = await t.request({ method: "GET", url: `/v2/quizzes/${quizId}/attempts`, token: teacher.token });
		expect(attempts.json().data.map((a: { score: number }) => a.score)).toEqual([0, 5]);
		expect(attempts.json().data[1].answers).toEqual([1, 1, 1]);
	});

	it("guards attempts: wrong length 400, non-enrolled student 404, teacher 403, anonymous 401", async () => {
		const wrong = await t.request({ method: "POST", url: `/v2/quizzes/${quizId}/attempts`, token: student.token, payload: { answers: [1] } });
		expect(wrong.statusCode).toBe(400);
		expect(wrong.json().error.details.field).toBe("answers");
		const typed = await t.request({ method: "POST", url: `/v2/quizzes/${quizId}/attempts`, token: student.token, payload: { answers: ["a", 1, 1] } });
		expect(typed.json().error.details.field).toBe("answers.0");
		expect((await t.request({ method: "POST", url: `/v2/quizzes/${quizId}/attempts`, token: strayStudent.token, payload: { answers: [1, 1, 1] } })).statusCode).toBe(404);
		expect((await t.request({ method: "POST", url: `/v2/quizzes/${quizId}/attempts`, token: teacher.token, payload: { answers: [1, 1, 1] } })).statusCode).toBe(403);
		expect((await t.request({ method: "POST", url: `/v2/quizzes/${quizId}/attempts`, payload: { answers: [1, 1, 1] } })).statusCode).toBe(401);
		expect((await t.request({ method: "GET", url: `/v2/quizzes/${quizId}/attempts`, token: student.token })).statusCode).toBe(403);
		expect((await t.request({ method: "GET", url: `/v2/quizzes/${quizId}/attempts`, token: outsider.token })).statusCode).toBe(404);
	});

	it("validates quiz bodies naming the field", async () => {
		const cases: [unknown, string][] = [
			[{ title: "x", questions: [{ ...questions[0], correct: 3 }] }, "questions.0.correct"],
			[{ title: "x", questions: [questions[1], { ...questions[1] }] }, "questions.1.id"],
			[{ title: "x", questions: [] }, "questions"],
			[{ title: "x", questions: [{ ...questions[0], options: ["only"] }] }, "questions.0.options"],
			[{ questions }, "title"],
		];
		for (const [payload, field] of cases) {
			const res = await t.request({ method: "POST", url: `/v2/lessons/${lessonId}/quizzes`, token: teacher.token, payload: payload as object });
			expect(res.statusCode, JSON.stringify(payload)).toBe(400);
			expect(res.json().error.details.field).toBe(field);
		}
	});

	it("updates and deletes quizzes with the lesson's write rule", async () => {
		const created = (await t.request({ method: "POST", url: `/v2/lessons/${lessonId}/quizzes`, token: teacher.token, payload: { title: "Temp", kind: "assessment", questions } })).json().data;
		expect(created.kind).toBe("assessment");
		const patched = await t.request({ method: "PATCH", url: `/v2/quizzes/${created.id}`, token: teacher.token, payload: { title: "Renamed", questions: [questions[1]] } });
		expect(patched.json().data).toMatchObject({ title: "Renamed", max_score: 1 });
		expect((await t.request({ method: "PATCH", url: `/v2/quizzes/${created.id}`, token: teacher2.token, payload: { title: "no" } })).statusCode).toBe(403);
		expect((await t.request({ method: "PATCH", url: `/v2/quizzes/${created.id}`, token: outsider.token, payload: { title: "no" } })).statusCode).toBe(404);
		expect((await t.request({ method: "PATCH", url: `/v2/quizzes/${created.id}`, token: student.token, payload: { title: "no" } })).statusCode).toBe(403);
		expect((await t.request({ method: "DELETE", url: `/v2/quizzes/${created.id}`, token: teacher.token })).json().data).toEqual({ deleted: true });
		expect((await t.request({ method: "GET", url: `/v2/quizzes/${created.id}`, token: teacher.token })).statusCode).toBe(404);
		expect((await t.request({ method: "POST", url: `/v2/lessons/${lessonId}/quizzes`, token: outsider.token, payload: { title: "x", questions } })).statusCode).toBe(404);
	});
});

describe("documentation", () => {
	it("lists this area's routes in the OpenAPI document", async () => {
		const spec = (await t.request({ method: "GET", url: "/openapi.json" })).json();
		for (const path of ["/v2/lessons", "/v2/lessons/{id}", "/v2/lessons/{id}/generate", "/v2/lessons/{id}/quizzes", "/v2/quizzes/{id}/attempts", "/v2/progress/{lesson_id}", "/v2/analytics/metrics", "/v2/analytics/reports/{id}", "/v2/messages", "/v2/notifications/read-all"]) {
			expect(spec.paths[path], path).toBeDefined();
		}
		expect(spec.paths["/v2/lessons"].post.requestBody.content["application/json"].schema.properties.grade_level).toMatchObject({ minimum: 1, maximum: 12 });
	});
});
