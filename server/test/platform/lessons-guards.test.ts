import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/** Table-driven guards for every HTTP route of lessons, quizzes, progress, analytics, messages and notifications. */
let t: TestApp;
let teacher: { id: string; token: string };
let student: { id: string; token: string };
let parent: { id: string; token: string };
let ids: { lesson: string; quiz: string; report: string; message: string; notification: string };

beforeAll(async () => {
	t = await startTestApp();
	const school = await t.createSchool();
	teacher = await t.createUser({ role: "teacher", schoolId: school.id });
	student = await t.createUser({ role: "student", schoolId: school.id });
	parent = await t.createUser({ role: "parent", schoolId: school.id });
	const cls = await t.createClass({ schoolId: school.id, teacherId: teacher.id, studentIds: [student.id] });
	const lesson = (await t.request({ method: "POST", url: "/v2/lessons", token: teacher.token, payload: { title: "L", content: "c", subject: "s", grade_level: 2, status: "published", class_id: cls.id } })).json().data.id;
	const quiz = (await t.request({ method: "POST", url: `/v2/lessons/${lesson}/quizzes`, token: teacher.token, payload: { title: "Q", questions: [{ id: "a", text: "t", options: ["x", "y"], correct: 0 }] } })).json().data.id;
	const report = (await t.request({ method: "POST", url: "/v2/analytics/reports", token: teacher.token, payload: { name: "R", definition: { metrics: ["quiz_attempts"] } } })).json().data.id;
	const message = (await t.request({ method: "POST", url: "/v2/messages", token: teacher.token, payload: { recipient_id: student.id, body: "hi" } })).json().data.id;
	const notification = (await t.request({ method: "GET", url: "/v2/notifications", token: student.token })).json().data.items[0].id;
	ids = { lesson, quiz, report, message, notification };
});
afterAll(() => t.close());

const routes = () => [
	["POST", "/v2/lessons"],
	["GET", "/v2/lessons"],
	["GET", `/v2/lessons/${ids.lesson}`],
	["PATCH", `/v2/lessons/${ids.lesson}`],
	["DELETE", `/v2/lessons/${ids.lesson}`],
	["POST", `/v2/lessons/${ids.lesson}/generate`],
	["GET", `/v2/lessons/${ids.lesson}/quizzes`],
	["POST", `/v2/lessons/${ids.lesson}/quizzes`],
	["GET", `/v2/quizzes/${ids.quiz}`],
	["PATCH", `/v2/quizzes/${ids.quiz}`],
	["DELETE", `/v2/quizzes/${ids.quiz}`],
	["POST", `/v2/quizzes/${ids.quiz}/attempts`],
	["GET", `/v2/quizzes/${ids.quiz}/attempts`],
	["GET", "/v2/progress"],
	["PUT", `/v2/progress/${ids.lesson}`],
	["GET", "/v2/analytics/overview"],
	["GET", "/v2/analytics/metrics?metric=quiz_attempts"],
	["POST", "/v2/analytics/reports"],
	["GET", "/v2/analytics/reports"],
	["GET", `/v2/analytics/reports/${ids.report}`],
	["POST", "/v2/messages"],
	["GET", "/v2/messages"],
	["PATCH", `/v2/messages/${ids.message}/read`],
	["GET", "/v2/notifications"],
	["POST", `/v2/notifications/${ids.notification}/read`],
	["POST", "/v2/notifications/read-all"],
] as const;

describe("guards", () => {
	it("every route answers 401 UNAUTHORIZED without a token, and with a forged one", async () => {
		for (const [method, url] of routes()) {
			for (const token of [undefined, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"]) {
				const res = await t.request({ method, url, token, payload: method === "GET" || method === "DELETE" ? undefined : {} });
				expect(res.statusCode, `${method} ${url}`).toBe(401);
				expect(res.json()).toMatchObject({ success: false, error: { code: "UNAUTHORIZED" } });
			}
		}
	});

	it("staff-only routes answer 403 FORBIDDEN to students and parents", async () => {
		const staffOnly = [
			["POST", "/v2/lessons"],
			["PATCH", `/v2/lessons/${ids.lesson}`],
			["DELETE", `/v2/lessons/${ids.lesson}`],
			["POST", `/v2/lessons/${ids.lesson}/generate`],
			["POST", `/v2/lessons/${ids.lesson}/quizzes`],
			["PATCH", `/v2/quizzes/${ids.quiz}`],
			["DELETE", `/v2/quizzes/${ids.quiz}`],
			["GET", `/v2/quizzes/${ids.quiz}/attempts`],
			["GET", "/v2/analytics/overview"],
			["GET", "/v2/analytics/metrics?metric=quiz_attempts"],
			["POST", "/v2/analytics/reports"],
			["GET", "/v2/analytics/reports"],
			["GET", `/v2/analytics/reports/${ids.report}`],
		] as const;
		for (const who of [student, parent]) {
			for (const [method, url] of staffOnly) {
				const res = await t.request({ method, url, token: who.token, payload: method === "GET" || method === "DELETE" ? undefined : { title: "x" } });
				expect(res.statusCode, `${method} ${url}`).toBe(403);
				expect(res.json().error.code).toBe("FORBIDDEN");
			}
		}
		// Student-only writes refuse staff and parents.
		for (const who of [teacher, parent]) {
			expect((await t.request({ method: "PUT", url: `/v2/progress/${ids.lesson}`, token: who.token, payload: { progress: 1 } })).statusCode).toBe(403);
			expect((await t.request({ method: "POST", url: `/v2/quizzes/${ids.quiz}/attempts`, token: who.token, payload: { answers: [0] } })).statusCode).toBe(403);
		}
	});
});
