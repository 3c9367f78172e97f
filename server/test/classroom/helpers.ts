import { expect } from "vitest";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/** A backend with two schools, each with a teacher and a place key minted through the API. */
export interface ClassroomWorld {
	t: TestApp;
	now: { ms: number };
	a: School;
	b: School;
	/** A JWT that verifies but whose role may not use the classroom API. */
	studentToken: string;
}

export interface School {
	id: string;
	teacher: string;
	key: string;
	keyId: string;
	placeId: string;
}

export const START = Date.parse("2026-03-02T10:00:00.000Z");

export async function startClassroom(env: Record<string, string> = {}): Promise<ClassroomWorld> {
	const now = { ms: START };
	const t = await startTestApp(env, { clock: () => now.ms });
	const a = await school(t, "111", "1001");
	const b = await school(t, "222", "2002");
	const student = await t.createUser({ role: "student", schoolId: a.id });
	return { t, now, a, b, studentToken: student.token };
}

async function school(t: TestApp, universeId: string, placeId: string): Promise<School> {
	const { id } = await t.createSchool();
	const teacher = await t.createUser({ role: "teacher", schoolId: id });
	const res = await t.request({ method: "POST", url: "/v2/roblox/place-keys", token: teacher.token, payload: { universeId, placeId, name: "main place" } });
	expect(res.statusCode, res.body).toBe(201);
	return { id, teacher: teacher.token, key: res.json().key, keyId: res.json().id, placeId };
}

/** Generates and stores a maths lesson for the school; returns its id and content (with the key). */
export async function makeContent(t: TestApp, token: string, body: Record<string, unknown> = {}) {
	const res = await t.request({
		method: "POST",
		url: "/v2/roblox/generate-content",
		token,
		payload: { subject: "Mathematics", gradeLevel: 6, learningObjectives: ["Solve linear equations"], maxQuestions: 3, seed: 7, ...body },
	});
	expect(res.statusCode, res.body).toBe(200);
	return res.json() as { contentId: string; content: { quiz: { questions: { id: string; options: string[]; correct: number; points: number }[] } } };
}

export function expectError(res: { statusCode: number; json(): unknown; body: string }, status: number, code: string, field?: string) {
	expect(res.statusCode, res.body).toBe(status);
	const body = res.json() as { error: { code: string; message: string; details?: { field?: string }; timestamp: string; requestId: string } };
	expect(body.error.code).toBe(code);
	expect(typeof body.error.timestamp).toBe("string");
	expect(typeof body.error.requestId).toBe("string");
	if (field !== undefined) expect(body.error.details?.field).toBe(field);
}
