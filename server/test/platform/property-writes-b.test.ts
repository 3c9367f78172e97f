import fc from "fast-check";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../src/db/tables.js";
import { DIFFICULTIES } from "../../src/modules/content/index.js";
import { analyticsReports } from "../../src/modules/platform/analytics/tables.js";
import { lessons, quizAttempts, quizzes } from "../../src/modules/platform/lessons/tables.js";
import { messages } from "../../src/modules/platform/messages/tables.js";
import { notifications } from "../../src/modules/platform/notifications/tables.js";
import { lessonProgress } from "../../src/modules/platform/progress/tables.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/**
 * Generated bad bodies at every write route of lessons, quizzes, progress, analytics reports
 * and messages: a valid body with one field dropped, one field of the wrong type or range, an
 * unknown field, or no object at all. Each must get a 4xx in the envelope (never a 5xx) and
 * leave every table as it was (row counts, and the target row of a PATCH).
 */
type Kind =
	| { kind: "string"; nullable?: boolean }
	| { kind: "uuid"; nullable?: boolean }
	| { kind: "enum"; values: string[] }
	| { kind: "int"; min: number; max: number }
	| { kind: "number"; min: number; max: number; nullable?: boolean }
	| { kind: "array" }
	| { kind: "object" };

interface RouteSpec {
	name: string;
	method: "POST" | "PATCH" | "PUT";
	url: () => string;
	token: () => string;
	valid: () => Record<string, unknown>;
	fields: Record<string, Kind>;
	required: string[];
	/** The route takes a JSON null body as "no options". */
	acceptsNull?: boolean;
}

const notObject = fc.oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null));
const someArray = fc.array(fc.integer(), { maxLength: 3 });
const someObject = fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 });
const nonInteger = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d));

function wrongValue(spec: Kind): fc.Arbitrary<unknown> {
	const nullable = "nullable" in spec && spec.nullable;
	const maybeNull = nullable ? [] : [fc.constant(null)];
	switch (spec.kind) {
		case "string":
			return fc.oneof(fc.integer(), fc.boolean(), someArray, someObject, ...maybeNull);
		case "uuid":
			return fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.boolean(), someObject, ...maybeNull);
		case "enum":
			return fc.oneof(fc.string({ maxLength: 12 }).filter((s) => !spec.values.includes(s)), fc.integer(), fc.constant(null));
		case "int":
			return fc.oneof(fc.string({ maxLength: 5 }), fc.boolean(), fc.constant(null), nonInteger, someArray, fc.integer().filter((n) => n < spec.min || n > spec.max));
		case "number":
			return fc.oneof(fc.string({ maxLength: 5 }), fc.boolean(), someArray, fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => n < spec.min || n > spec.max), ...maybeNull);
		case "array":
			return fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null), someObject);
		case "object":
			return fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null), someArray);
	}
}

function badBody(route: RouteSpec): fc.Arbitrary<unknown> {
	const fields = Object.keys(route.fields);
	const wrongField = fc.constantFrom(...fields).chain((field) => wrongValue(route.fields[field]).map((value) => ({ ...route.valid(), [field]: value })));
	const unknownField = fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue()).map(([key, value]) => ({ ...route.valid(), [`x_${key}`]: value }));
	const arbitraries: fc.Arbitrary<unknown>[] = [wrongField, unknownField, route.acceptsNull ? notObject.filter((v) => v !== null) : notObject];
	if (route.required.length > 0) {
		arbitraries.push(fc.constantFrom(...route.required).map((field) => Object.fromEntries(Object.entries(route.valid()).filter(([k]) => k !== field))));
	}
	return fc.oneof(...arbitraries);
}

let t: TestApp;
let teacher: { id: string; token: string };
let student: { id: string; token: string };
let lessonId: string;
let quizId: string;

beforeAll(async () => {
	t = await startTestApp();
	const school = await t.createSchool();
	teacher = await t.createUser({ role: "teacher", schoolId: school.id });
	student = await t.createUser({ role: "student", schoolId: school.id });
	const cls = await t.createClass({ schoolId: school.id, teacherId: teacher.id, studentIds: [student.id] });
	lessonId = (await t.request({ method: "POST", url: "/v2/lessons", token: teacher.token, payload: { title: "L", content: "c", subject: "Math", grade_level: 5, status: "published", class_id: cls.id } })).json().data.id;
	quizId = (
		await t.request({
			method: "POST",
			url: `/v2/lessons/${lessonId}/quizzes`,
			token: teacher.token,
			payload: { title: "Q", questions: [{ id: "a", text: "t", options: ["x", "y"], correct: 0 }] },
		})
	).json().data.id;
});
afterAll(() => t.close());

const question = { id: "q", text: "t", options: ["a", "b"], correct: 1 };
const lessonFields: Record<string, Kind> = {
	title: { kind: "string" },
	content: { kind: "string" },
	subject: { kind: "string" },
	grade_level: { kind: "int", min: 1, max: 12 },
	objectives: { kind: "array" },
	status: { kind: "enum", values: ["draft", "published"] },
	class_id: { kind: "uuid", nullable: true },
};

const ROUTES: RouteSpec[] = [
	{ name: "POST /lessons", method: "POST", url: () => "/v2/lessons", token: () => teacher.token, valid: () => ({ title: "T", content: "c", subject: "s", grade_level: 3 }), fields: lessonFields, required: ["title", "content", "subject", "grade_level"] },
	{ name: "PATCH /lessons/{id}", method: "PATCH", url: () => `/v2/lessons/${lessonId}`, token: () => teacher.token, valid: () => ({ title: "Changed" }), fields: lessonFields, required: [] },
	{
		name: "POST /lessons/{id}/generate",
		method: "POST",
		url: () => `/v2/lessons/${lessonId}/generate`,
		token: () => teacher.token,
		valid: () => ({ seed: 1, max_questions: 2 }),
		fields: { environment_type: { kind: "string" }, max_questions: { kind: "int", min: 1, max: 50 }, seed: { kind: "int", min: 0, max: 2 ** 31 - 1 }, difficulty: { kind: "enum", values: [...DIFFICULTIES] } },
		required: [],
		acceptsNull: true,
	},
	{
		name: "POST /lessons/{id}/quizzes",
		method: "POST",
		url: () => `/v2/lessons/${lessonId}/quizzes`,
		token: () => teacher.token,
		valid: () => ({ title: "Q", questions: [question] }),
		fields: { title: { kind: "string" }, kind: { kind: "enum", values: ["quiz", "assessment"] }, questions: { kind: "array" } },
		required: ["title", "questions"],
	},
	{
		name: "PATCH /quizzes/{id}",
		method: "PATCH",
		url: () => `/v2/quizzes/${quizId}`,
		token: () => teacher.token,
		valid: () => ({ title: "Renamed" }),
		fields: { title: { kind: "string" }, kind: { kind: "enum", values: ["quiz", "assessment"] }, questions: { kind: "array" } },
		required: [],
	},
	{ name: "POST /quizzes/{id}/attempts", method: "POST", url: () => `/v2/quizzes/${quizId}/attempts`, token: () => student.token, valid: () => ({ answers: [0] }), fields: { answers: { kind: "array" } }, required: ["answers"] },
	{
		name: "PUT /progress/{lesson_id}",
		method: "PUT",
		url: () => `/v2/progress/${lessonId}`,
		token: () => student.token,
		valid: () => ({ progress: 50, score: 10, time_spent: 5 }),
		fields: { progress: { kind: "int", min: 0, max: 100 }, score: { kind: "number", min: 0, max: 100, nullable: true }, time_spent: { kind: "int", min: 0, max: 10_000_000 } },
		required: ["progress"],
	},
	{
		name: "POST /analytics/reports",
		method: "POST",
		url: () => "/v2/analytics/reports",
		token: () => teacher.token,
		valid: () => ({ name: "R", definition: { metrics: ["quiz_attempts"], group_by: "lesson" } }),
		fields: { name: { kind: "string" }, definition: { kind: "object" } },
		required: ["name", "definition"],
	},
	{
		name: "POST /messages",
		method: "POST",
		url: () => "/v2/messages",
		token: () => student.token,
		valid: () => ({ recipient_id: teacher.id, subject: "s", body: "b" }),
		fields: { recipient_id: { kind: "uuid" }, subject: { kind: "string" }, body: { kind: "string" } },
		required: ["recipient_id", "body"],
	},
];

const TABLES = { auditLog, lessons, quizzes, quizAttempts, lessonProgress, analyticsReports, messages, notifications };

async function snapshot() {
	const db = t.services.database.db;
	const counts = await Promise.all(Object.values(TABLES).map(async (table) => (await db.select({ n: count() }).from(table))[0].n));
	const [lesson] = await db.select().from(lessons).where(eq(lessons.id, lessonId));
	const [quiz] = await db.select().from(quizzes).where(eq(quizzes.id, quizId));
	return JSON.stringify({ counts, lesson, quiz });
}

describe("bad bodies at every platform-b write route", () => {
	for (const route of ROUTES) {
		it(`${route.name}: 4xx in the envelope, nothing written`, async () => {
			const before = await snapshot();
			await fc.assert(
				fc.asyncProperty(badBody(route), async (body) => {
					const res = await t.request({ method: route.method, url: route.url(), token: route.token(), headers: { "content-type": "application/json" }, payload: JSON.stringify(body) });
					expect(res.statusCode, `${JSON.stringify(body)} -> ${res.body}`).toBeGreaterThanOrEqual(400);
					expect(res.statusCode, res.body).toBeLessThan(500);
					expect(res.json()).toMatchObject({ success: false, error: { code: expect.any(String) } });
				}),
				{ numRuns: 25 },
			);
			expect(await snapshot()).toBe(before);
		});
	}

	it("a valid body at each route does write (the property above can fail)", async () => {
		const before = await snapshot();
		const res = await t.request({ method: "PUT", url: `/v2/progress/${lessonId}`, token: student.token, payload: { progress: 50 } });
		expect(res.statusCode).toBe(200);
		expect(await snapshot()).not.toBe(before);
	});
});
