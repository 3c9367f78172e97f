import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/**
 * A small school history on a fixed clock, with every expected number worked out by hand:
 *   Mon 2026-03-02  teacher creates L1 (Mathematics, class C1) and L2 (Science, class C2), quizzes Q1 (points 1+3) and Q2 (1)
 *   Tue 2026-03-03  s1 scores 4/4 = 100 on Q1, s2 scores 1/4 = 25 on Q1
 *   Tue 2026-03-10  s3 scores 1/1 = 100 on Q2, s1 scores 3/4 = 75 on Q1; s1 completes L1 (600 s), s2 reaches 50 % (300 s)
 *   now             Wed 2026-03-11 12:00
 * Another school has its own attempt on 03-03 that must never show up in this school's numbers.
 */
let t: TestApp;
let now = Date.parse("2026-03-02T10:00:00Z");
type U = { id: string; token: string };
let teacher: U, outsider: U, s1: U, s2: U, s3: U, admin: U, student: U;
let L1: string, L2: string, C1: string;
const day = (d: string) => Date.parse(`2026-03-${d}T10:00:00Z`);

beforeAll(async () => {
	t = await startTestApp({}, { clock: () => now });
	const school = await t.createSchool();
	const other = await t.createSchool();
	teacher = await t.createUser({ role: "teacher", schoolId: school.id });
	outsider = await t.createUser({ role: "teacher", schoolId: other.id });
	[s1, s2, s3] = [await t.createUser({ role: "student", schoolId: school.id }), await t.createUser({ role: "student", schoolId: school.id }), await t.createUser({ role: "student", schoolId: school.id })];
	const foreignStudent = await t.createUser({ role: "student", schoolId: other.id });
	admin = await t.createUser({ role: "admin" });
	student = s1;
	C1 = (await t.createClass({ schoolId: school.id, teacherId: teacher.id, studentIds: [s1.id, s2.id] })).id;
	const C2 = (await t.createClass({ schoolId: school.id, teacherId: teacher.id, studentIds: [s3.id] })).id;
	const C3 = (await t.createClass({ schoolId: other.id, teacherId: outsider.id, studentIds: [foreignStudent.id] })).id;

	const lesson = async (token: string, body: Record<string, unknown>) => (await t.request({ method: "POST", url: "/v2/lessons", token, payload: { title: "L", content: "c", grade_level: 5, status: "published", ...body } })).json().data.id as string;
	const quiz = async (token: string, lessonId: string, questions: unknown[]) => (await t.request({ method: "POST", url: `/v2/lessons/${lessonId}/quizzes`, token, payload: { title: "Q", questions } })).json().data.id as string;
	const attempt = async (token: string, quizId: string, answers: number[]) => {
		const res = await t.request({ method: "POST", url: `/v2/quizzes/${quizId}/attempts`, token, payload: { answers } });
		expect(res.statusCode, res.body).toBe(201);
	};
	const progress = async (token: string, lessonId: string, body: object) => expect((await t.request({ method: "PUT", url: `/v2/progress/${lessonId}`, token, payload: body })).statusCode).toBe(200);

	now = day("02");
	L1 = await lesson(teacher.token, { subject: "Mathematics", class_id: C1 });
	L2 = await lesson(teacher.token, { subject: "Science", class_id: C2, grade_level: 6 });
	const Q1 = await quiz(teacher.token, L1, [
		{ id: "a", text: "a", options: ["x", "y"], correct: 0, points: 1 },
		{ id: "b", text: "b", options: ["x", "y"], correct: 1, points: 3 },
	]);
	const Q2 = await quiz(teacher.token, L2, [{ id: "a", text: "a", options: ["x", "y"], correct: 0, points: 1 }]);
	const LF = await lesson(outsider.token, { subject: "Mathematics", class_id: C3 });
	const QF = await quiz(outsider.token, LF, [{ id: "a", text: "a", options: ["x", "y"], correct: 0 }]);

	now = day("03");
	await attempt(s1.token, Q1, [0, 1]);
	await attempt(s2.token, Q1, [0, 0]);
	await attempt(foreignStudent.token, QF, [1]);

	now = day("10");
	await attempt(s3.token, Q2, [0]);
	await attempt(s1.token, Q1, [1, 1]);
	await progress(s1.token, L1, { progress: 100, time_spent: 600 });
	await progress(s2.token, L1, { progress: 50, time_spent: 300 });

	now = Date.parse("2026-03-11T12:00:00Z");
});
afterAll(() => t.close());

const get = async (token: string, url: string) => {
	const res = await t.request({ method: "GET", url, token });
	expect(res.statusCode, res.body).toBe(200);
	return res.json().data;
};

describe("GET /v2/analytics/overview", () => {
	it("counts the teacher's school only", async () => {
		expect(await get(teacher.token, "/v2/analytics/overview")).toMatchObject({
			students: 3,
			teachers: 1,
			classes: 2,
			lessons: 2,
			published_lessons: 2,
			quiz_attempts: 4,
			average_score: 75, // (100 + 25 + 100 + 75) / 4
			active_users_7d: 3, // s1, s2, s3 wrote on 03-10; the teacher's last write was 03-02
		});
		expect(await get(outsider.token, "/v2/analytics/overview")).toMatchObject({ students: 1, quiz_attempts: 1, average_score: 0, lessons: 1 });
		expect(await get(admin.token, "/v2/analytics/overview")).toMatchObject({ school_id: null, students: 4, teachers: 2, quiz_attempts: 5, average_score: 60 });
	});

	it("401 without a token, 403 for students, 404 for another school's id", async () => {
		expect((await t.request({ method: "GET", url: "/v2/analytics/overview" })).statusCode).toBe(401);
		expect((await t.request({ method: "GET", url: "/v2/analytics/overview", token: student.token })).statusCode).toBe(403);
		const foreign = await get(outsider.token, "/v2/analytics/overview");
		expect((await t.request({ method: "GET", url: `/v2/analytics/overview?school_id=${foreign.school_id}`, token: teacher.token })).statusCode).toBe(404);
	});
});

describe("GET /v2/analytics/metrics", () => {
	const values = async (query: string, token = teacher.token) => (await get(token, `/v2/analytics/metrics?${query}`)).points.map((p: { value: number | null }) => p.value);

	it("computes daily series from the tables", async () => {
		const range = "from=2026-03-02T00:00:00Z&to=2026-03-11T00:00:00Z&interval=day";
		expect(await values(`metric=quiz_attempts&${range}`)).toEqual([0, 2, 0, 0, 0, 0, 0, 0, 2]);
		expect(await values(`metric=average_score&${range}`)).toEqual([null, 62.5, null, null, null, null, null, null, 87.5]);
		expect(await values(`metric=lessons_created&${range}`)).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0]);
		expect(await values(`metric=lessons_completed&${range}`)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
		expect(await values(`metric=active_users&${range}`)).toEqual([0, 2, 0, 0, 0, 0, 0, 0, 3]);
		expect(await values(`metric=messages_sent&${range}`)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
		expect(await values(`metric=quiz_attempts&${range}`, admin.token)).toEqual([0, 3, 0, 0, 0, 0, 0, 0, 2]);
		const series = await get(teacher.token, `/v2/analytics/metrics?metric=quiz_attempts&${range}`);
		expect(series.points[1].start).toBe("2026-03-03T00:00:00.000Z");
	});

	it("buckets by ISO week starting Monday", async () => {
		const series = await get(teacher.token, "/v2/analytics/metrics?metric=quiz_attempts&from=2026-03-04T00:00:00Z&to=2026-03-16T00:00:00Z&interval=week");
		expect(series.from).toBe("2026-03-02T00:00:00.000Z");
		expect(series.points).toEqual([
			{ start: "2026-03-02T00:00:00.000Z", value: 2 },
			{ start: "2026-03-09T00:00:00.000Z", value: 2 },
		]);
		const defaults = await get(teacher.token, "/v2/analytics/metrics?metric=lessons_created&interval=week");
		expect(defaults.points.reduce((sum: number, p: { value: number }) => sum + p.value, 0)).toBe(2);
	});

	it("rejects bad queries naming the field", async () => {
		const cases: [string, string][] = [
			["metric=bogus", "metric"],
			["interval=day", "metric"],
			["metric=quiz_attempts&interval=month", "interval"],
			["metric=quiz_attempts&from=yesterday", "from"],
			["metric=quiz_attempts&from=2026-03-05T00:00:00Z&to=2026-03-01T00:00:00Z", "from"],
			["metric=quiz_attempts&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from"],
		];
		for (const [query, field] of cases) {
			const res = await t.request({ method: "GET", url: `/v2/analytics/metrics?${query}`, token: teacher.token });
			expect(res.statusCode, query).toBe(400);
			expect(res.json().error.details.field).toBe(field);
		}
		expect((await t.request({ method: "GET", url: "/v2/analytics/metrics?metric=quiz_attempts", token: student.token })).statusCode).toBe(403);
		expect((await t.request({ method: "GET", url: "/v2/analytics/metrics?metric=quiz_attempts" })).statusCode).toBe(401);
	});
});

describe("custom reports", () => {
	const all = ["quiz_attempts", "average_score", "lessons_completed", "average_progress", "time_spent"];
	const create = async (definition: object, token = teacher.token) => {
		const res = await t.request({ method: "POST", url: "/v2/analytics/reports", token, payload: { name: "R", definition } });
		expect(res.statusCode, res.body).toBe(201);
		return res.json().data.id as string;
	};
	const run = async (id: string, token = teacher.token) => (await get(token, `/v2/analytics/reports/${id}`)).rows as { group: string | null; values: Record<string, number | null> }[];

	it("groups by lesson, subject and student with hand-computed values", async () => {
		const byLesson = Object.fromEntries((await run(await create({ metrics: all, group_by: "lesson" }))).map((r) => [r.group, r.values]));
		expect(byLesson).toEqual({
			[L1]: { quiz_attempts: 3, average_score: 66.67, lessons_completed: 1, average_progress: 75, time_spent: 900 },
			[L2]: { quiz_attempts: 1, average_score: 100, lessons_completed: 0, average_progress: 0, time_spent: 0 },
		});
		const bySubject = await run(await create({ metrics: ["quiz_attempts", "time_spent"], group_by: "subject" }));
		expect(bySubject).toEqual([
			{ group: "Mathematics", values: { quiz_attempts: 3, time_spent: 900 } },
			{ group: "Science", values: { quiz_attempts: 1, time_spent: 0 } },
		]);
		const byStudent = Object.fromEntries((await run(await create({ metrics: all, group_by: "student" }))).map((r) => [r.group, r.values]));
		expect(byStudent).toEqual({
			[s1.id]: { quiz_attempts: 2, average_score: 87.5, lessons_completed: 1, average_progress: 100, time_spent: 600 },
			[s2.id]: { quiz_attempts: 1, average_score: 25, lessons_completed: 0, average_progress: 50, time_spent: 300 },
			[s3.id]: { quiz_attempts: 1, average_score: 100, lessons_completed: 0, average_progress: 0, time_spent: 0 },
		});
	});

	it("applies filters (class, time window) and returns one row without grouping", async () => {
		const id = await create({ metrics: all, filters: { class_id: C1, from: "2026-03-05T00:00:00Z" } });
		expect(await run(id)).toEqual([{ group: null, values: { quiz_attempts: 1, average_score: 75, lessons_completed: 1, average_progress: 75, time_spent: 900 } }]);
		const empty = await create({ metrics: ["average_score", "quiz_attempts"], filters: { subject: "History" } });
		expect(await run(empty)).toEqual([{ group: null, values: { average_score: null, quiz_attempts: 0 } }]);
		const listed = await get(teacher.token, "/v2/analytics/reports");
		expect(listed.length).toBeGreaterThanOrEqual(5);
	});

	it("keeps reports inside their school and validates definitions", async () => {
		const id = await create({ metrics: ["quiz_attempts"] });
		expect((await t.request({ method: "GET", url: `/v2/analytics/reports/${id}`, token: outsider.token })).statusCode).toBe(404);
		expect(await get(outsider.token, "/v2/analytics/reports")).toEqual([]);
		expect((await run(id, admin.token))[0].values.quiz_attempts).toBe(4);
		expect((await t.request({ method: "POST", url: "/v2/analytics/reports", token: student.token, payload: { name: "x", definition: { metrics: ["quiz_attempts"] } } })).statusCode).toBe(403);
		expect((await t.request({ method: "POST", url: "/v2/analytics/reports", payload: { name: "x", definition: { metrics: ["quiz_attempts"] } } })).statusCode).toBe(401);
		const cases: [unknown, string][] = [
			[{ name: "x", definition: { metrics: [] } }, "definition.metrics"],
			[{ name: "x", definition: { metrics: ["revenue"] } }, "definition.metrics.0"],
			[{ name: "x", definition: { metrics: ["quiz_attempts"], group_by: "country" } }, "definition.group_by"],
			[{ name: "x", definition: { metrics: ["quiz_attempts"], filters: { grade_level: 0 } } }, "definition.filters.grade_level"],
			[{ name: "x", definition: { metrics: ["quiz_attempts"], filters: { from: "2026-03-05T00:00:00Z", to: "2026-03-01T00:00:00Z" } } }, "definition.filters.from"],
			[{ definition: { metrics: ["quiz_attempts"] } }, "name"],
		];
		for (const [payload, field] of cases) {
			const res = await t.request({ method: "POST", url: "/v2/analytics/reports", token: teacher.token, payload: payload as object });
			expect(res.statusCode, JSON.stringify(payload)).toBe(400);
			expect(res.json().error.details.field).toBe(field);
		}
	});
});
