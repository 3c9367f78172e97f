import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/** POST /v2/lessons/{id}/generate runs the lesson generator on the lesson and stores the result. */
let t: TestApp;
let teacher: string;
let otherTeacher: string;
let lessonId: string;
beforeAll(async () => {
	t = await startTestApp();
	const a = await t.createSchool();
	const b = await t.createSchool();
	teacher = (await t.createUser({ role: "teacher", schoolId: a.id })).token;
	otherTeacher = (await t.createUser({ role: "teacher", schoolId: b.id })).token;
	const res = await t.request({ method: "POST", url: "/v2/lessons", token: teacher, payload: { title: "Fractions", content: "Adding fractions", subject: "Mathematics", grade_level: 5, objectives: ["Add fractions with unlike denominators"] } });
	expect(res.statusCode, res.body).toBe(201);
	lessonId = res.json().data.id;
});
afterAll(async () => t.close());

describe("POST /v2/lessons/{id}/generate", () => {
	it("generates for the lesson's subject, grade and objectives, stores it and returns it in the envelope", async () => {
		const res = await t.request({ method: "POST", url: `/v2/lessons/${lessonId}/generate`, token: teacher, payload: { max_questions: 4, seed: 3 } });
		expect(res.statusCode, res.body).toBe(200);
		const body = res.json();
		expect(body).toMatchObject({ success: true, data: { lesson_id: lessonId, status: "generated" } });
		const questions = body.data.content.quiz.questions;
		expect(questions).toHaveLength(4);
		for (const q of questions) {
			expect(q.text).toMatch(/^What is \d+\/\d+ [+-] \d+\/\d+\?$/);
			expect(q.standards).toEqual([{ system: "CCSS", code: "5.NF.A.1" }]);
		}
		const stored = await t.request({ method: "GET", url: `/v2/roblox/content/${body.data.content_id}`, token: teacher });
		expect(stored.statusCode).toBe(200);
		expect(stored.json().content).toEqual(body.data.content);
		expect((await t.request({ method: "GET", url: `/v2/roblox/content/${body.data.content_id}`, token: otherTeacher })).statusCode).toBe(404);
	});

	it("works without a body, refuses bad options naming the field, and hides other schools' lessons", async () => {
		expect((await t.request({ method: "POST", url: `/v2/lessons/${lessonId}/generate`, token: teacher })).statusCode).toBe(200);
		const bad = await t.request({ method: "POST", url: `/v2/lessons/${lessonId}/generate`, token: teacher, payload: { max_questions: 0 } });
		expect(bad.statusCode).toBe(400);
		expect(bad.json()).toMatchObject({ success: false, error: { code: "VALIDATION_ERROR", details: { field: "max_questions" } } });
		expect((await t.request({ method: "POST", url: `/v2/lessons/${lessonId}/generate`, token: otherTeacher, payload: {} })).statusCode).toBe(404);
		expect((await t.request({ method: "POST", url: `/v2/lessons/${lessonId}/generate`, payload: {} })).statusCode).toBe(401);
	});
});
