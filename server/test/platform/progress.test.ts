import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, guardianships } from "../../src/db/tables.js";
import { recordLessonProgress } from "../../src/modules/platform/progress/service.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

let t: TestApp;
let now = Date.parse("2026-03-02T10:00:00Z");
type U = { id: string; token: string };
let teacher: U, teacherB: U, outsider: U, studentA: U, studentB: U, studentC: U, parent: U, admin: U;
let classA: string, classB: string, otherClass: string;
let lessonA: string, lessonB: string, draftLesson: string, foreignLesson: string;

beforeAll(async () => {
	t = await startTestApp({}, { clock: () => now });
	const school = await t.createSchool();
	const other = await t.createSchool();
	teacher = await t.createUser({ role: "teacher", schoolId: school.id });
	teacherB = await t.createUser({ role: "teacher", schoolId: school.id });
	outsider = await t.createUser({ role: "teacher", schoolId: other.id });
	studentA = await t.createUser({ role: "student", schoolId: school.id });
	studentB = await t.createUser({ role: "student", schoolId: school.id });
	studentC = await t.createUser({ role: "student", schoolId: other.id });
	parent = await t.createUser({ role: "parent", schoolId: school.id });
	admin = await t.createUser({ role: "admin" });
	await t.services.database.db.insert(guardianships).values({ parentId: parent.id, studentId: studentA.id });
	classA = (await t.createClass({ schoolId: school.id, teacherId: teacher.id, studentIds: [studentA.id] })).id;
	classB = (await t.createClass({ schoolId: school.id, teacherId: teacherB.id, studentIds: [studentB.id] })).id;
	otherClass = (await t.createClass({ schoolId: other.id, teacherId: outsider.id, studentIds: [studentC.id] })).id;
	const lesson = async (token: string, body: Record<string, unknown>) =>
		(await t.request({ method: "POST", url: "/v2/lessons", token, payload: { title: "L", content: "c", subject: "Math", grade_level: 5, status: "published", ...body } })).json().data.id as string;
	lessonA = await lesson(teacher.token, { class_id: classA });
	lessonB = await lesson(teacherB.token, { class_id: classB });
	draftLesson = await lesson(teacher.token, { class_id: classA, status: "draft" });
	foreignLesson = await lesson(outsider.token, { class_id: otherClass });
});
afterAll(() => t.close());

const put = (token: string | undefined, lessonId: string, payload: unknown) => t.request({ method: "PUT", url: `/v2/progress/${lessonId}`, token, payload: payload as object });
const get = async (token: string, query = "") => {
	const res = await t.request({ method: "GET", url: `/v2/progress${query}`, token });
	expect(res.statusCode, res.body).toBe(200);
	return res.json().data as { items: { user_id: string; lesson_id: string; progress: number; score: number | null; time_spent: number; completed: boolean; completed_at: string | null }[]; total: number };
};

describe("PUT /v2/progress/{lesson_id}", () => {
	it("records the student's progress, never lowering it, and completes at 100", async () => {
		const first = await put(studentA.token, lessonA, { progress: 40, score: 70, time_spent: 120 });
		expect(first.statusCode, first.body).toBe(200);
		expect(first.json().data).toMatchObject({ user_id: studentA.id, lesson_id: lessonA, progress: 40, score: 70, time_spent: 120, completed: false, completed_at: null });
		const lower = await put(studentA.token, lessonA, { progress: 10, score: 50, time_spent: 60 });
		expect(lower.json().data).toMatchObject({ progress: 40, score: 70, time_spent: 120 });
		now += 60_000;
		const done = await put(studentA.token, lessonA, { progress: 100, time_spent: 300 });
		expect(done.json().data).toMatchObject({ progress: 100, score: 70, time_spent: 300, completed: true, completed_at: new Date(now).toISOString() });
		now += 60_000;
		const again = await put(studentA.token, lessonA, { progress: 100, score: 90 });
		expect(again.json().data.completed_at).toBe(new Date(now - 60_000).toISOString());
		expect(again.json().data.score).toBe(90);
		const audits = await t.services.database.db.select().from(auditLog).where(and(eq(auditLog.action, "progress.update"), eq(auditLog.actorId, studentA.id)));
		expect(audits).toHaveLength(4);
	});

	it("refuses lessons the student cannot see (404), non-students (403), anonymous (401)", async () => {
		expect((await put(studentA.token, lessonB, { progress: 10 })).statusCode).toBe(404);
		expect((await put(studentA.token, draftLesson, { progress: 10 })).statusCode).toBe(404);
		expect((await put(studentA.token, foreignLesson, { progress: 10 })).statusCode).toBe(404);
		expect((await put(teacher.token, lessonA, { progress: 10 })).statusCode).toBe(403);
		expect((await put(parent.token, lessonA, { progress: 10 })).statusCode).toBe(403);
		expect((await put(undefined, lessonA, { progress: 10 })).statusCode).toBe(401);
	});

	it("rejects bad bodies naming the field", async () => {
		const cases: [unknown, string][] = [
			[{ progress: 101 }, "progress"],
			[{ progress: -1 }, "progress"],
			[{ progress: 5.5 }, "progress"],
			[{}, "progress"],
			[{ progress: 5, score: 101 }, "score"],
			[{ progress: 5, time_spent: -3 }, "time_spent"],
			[{ progress: 5, user_id: studentB.id }, "user_id"],
		];
		for (const [payload, field] of cases) {
			const res = await put(studentA.token, lessonA, payload);
			expect(res.statusCode, JSON.stringify(payload)).toBe(400);
			expect(res.json().error).toMatchObject({ code: "VALIDATION_ERROR", details: { field } });
		}
		expect((await put(studentA.token, "nope", { progress: 1 })).json().error.details.field).toBe("lesson_id");
	});
});

describe("GET /v2/progress scoping", () => {
	beforeAll(async () => {
		await put(studentB.token, lessonB, { progress: 20 });
		await put(studentC.token, foreignLesson, { progress: 30 });
	});

	it("students see their own, parents their children's", async () => {
		expect((await get(studentA.token)).items.map((i) => i.user_id)).toEqual([studentA.id]);
		expect((await get(studentB.token)).items.map((i) => i.lesson_id)).toEqual([lessonB]);
		expect((await get(parent.token)).items.map((i) => i.user_id)).toEqual([studentA.id]);
		expect((await get(studentA.token, `?user_id=${studentB.id}`)).total).toBe(0);
	});

	it("teachers see their classes' students, filter by class, and get 403/404 for classes not theirs", async () => {
		expect((await get(teacher.token)).items.map((i) => i.user_id)).toEqual([studentA.id]);
		expect((await get(teacherB.token)).items.map((i) => i.user_id)).toEqual([studentB.id]);
		expect((await get(teacher.token, `?class_id=${classA}`)).total).toBe(1);
		expect((await t.request({ method: "GET", url: `/v2/progress?class_id=${classB}`, token: teacher.token })).statusCode).toBe(403);
		expect((await t.request({ method: "GET", url: `/v2/progress?class_id=${otherClass}`, token: teacher.token })).statusCode).toBe(404);
		expect((await get(outsider.token)).items.map((i) => i.user_id)).toEqual([studentC.id]);
	});

	it("admins see everything, with filters", async () => {
		expect((await get(admin.token)).total).toBe(3);
		expect((await get(admin.token, `?class_id=${classB}`)).items.map((i) => i.user_id)).toEqual([studentB.id]);
		expect((await get(admin.token, "?completed=true")).items.map((i) => i.user_id)).toEqual([studentA.id]);
		expect((await get(admin.token, `?lesson_id=${foreignLesson}`)).total).toBe(1);
	});

	it("401 without a token, 400 for a bad filter", async () => {
		expect((await t.request({ method: "GET", url: "/v2/progress" })).statusCode).toBe(401);
		const bad = await t.request({ method: "GET", url: "/v2/progress?class_id=x", token: teacher.token });
		expect(bad.json().error.details.field).toBe("class_id");
	});
});

describe("recordLessonProgress (service for the classroom module)", () => {
	it("is an idempotent upsert keeping the maximum, and 404s an unknown lesson", async () => {
		const db = t.services.database.db;
		const input = { userId: studentB.id, lessonId: lessonA, progress: 55, score: 40, timeSpent: 30 };
		await recordLessonProgress(db, input);
		await recordLessonProgress(db, input);
		const row = await recordLessonProgress(db, { ...input, progress: 10, score: null, timeSpent: 5 });
		expect(row).toMatchObject({ progress: 55, score: 40, timeSpent: 30, completedAt: null });
		await expect(recordLessonProgress(db, { ...input, lessonId: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({ statusCode: 404 });
	});
});

describe("per-user analytics (GET /v2/users/{id}/analytics)", () => {
	it("carries the student's progress summary from this area", async () => {
		const res = await t.request({ method: "GET", url: `/v2/users/${studentA.id}/analytics`, token: teacher.token });
		expect(res.statusCode, res.body).toBe(200);
		expect(res.json().data.progress).toEqual({
			lessons_started: 1,
			lessons_completed: 1,
			average_progress: 100,
			time_spent: 300,
			quiz_attempts: 0,
			average_score: null,
			last_activity_at: new Date(Date.parse("2026-03-02T10:02:00Z")).toISOString(),
		});
	});
});
