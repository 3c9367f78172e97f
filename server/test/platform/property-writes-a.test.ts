import fc from "fast-check";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, classes, enrollments, guardianships, refreshTokens, schools, users } from "../../src/db/tables.js";
import { systemSettings } from "../../src/modules/platform/system/tables.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/**
 * Every write route of identity, schools, classes and system gets generated bad bodies: not an
 * object, an unknown field, a field of the wrong type or value, a required field missing. Each
 * must be a 400 in the platform envelope naming a field, and no table may gain or lose a row.
 */

type Kind = "string" | "nullableString" | "int" | "nullableInt" | "bool" | "uuid" | "nullableUuid" | { enum: string[] };
interface WriteRoute {
	name: string;
	method: "POST" | "PATCH";
	url: () => string;
	token: () => string | undefined;
	valid: () => Record<string, unknown>;
	fields: Record<string, Kind>;
	required: string[];
}

let t: TestApp;
let ctx: { admin: string; teacher: string; students: string[]; schoolId: string; classId: string; userId: string; studentId: string };
let address = 0;
let joins = 0;

beforeAll(async () => {
	t = await startTestApp({ RATE_LIMIT_STANDARD: "100000", RATE_LIMIT_ANONYMOUS: "100000" });
	const school = await t.createSchool();
	const teacher = await t.createUser({ role: "teacher", schoolId: school.id });
	const student = await t.createUser({ role: "student", schoolId: school.id });
	const klass = await t.createClass({ schoolId: school.id, teacherId: teacher.id, joinCode: "PRP234" });
	ctx = {
		admin: (await t.createUser({ role: "admin" })).token,
		teacher: teacher.token,
		// Joining is limited to 20 a minute per student: the join route rotates through these.
		students: await Promise.all(Array.from({ length: 30 }, async () => (await t.createUser({ role: "student" })).token)),
		schoolId: school.id,
		classId: klass.id,
		userId: (await t.createUser({ role: "parent", schoolId: school.id })).id,
		studentId: student.id,
	};
});
afterAll(() => t.close());

const ROLE = { enum: ["admin", "teacher", "student", "parent"] };
const TIER = { enum: ["standard", "premium", "enterprise"] };

const ROUTES: WriteRoute[] = [
	{
		name: "POST /auth/register",
		method: "POST",
		url: () => "/v2/auth/register",
		token: () => undefined,
		valid: () => ({ role: "parent", email: "prop@example.test", password: "long enough pw", display_name: "P" }),
		fields: { role: ROLE, email: "string", password: "string", display_name: "string", username: "string", join_code: "string" },
		required: ["role", "password", "display_name"],
	},
	{
		name: "POST /users",
		method: "POST",
		url: () => "/v2/users",
		token: () => ctx.admin,
		valid: () => ({ role: "teacher", email: "prop.user@example.test", password: "long enough pw", display_name: "T" }),
		fields: { role: ROLE, display_name: "string", password: "string", email: "string", username: "string", school_id: "nullableUuid", tier: TIER, roblox_user_id: "string" },
		required: ["role", "display_name", "password"],
	},
	{
		name: "PATCH /users/{id}",
		method: "PATCH",
		url: () => `/v2/users/${ctx.userId}`,
		token: () => ctx.admin,
		valid: () => ({ display_name: "Renamed" }),
		fields: { display_name: "string", email: "nullableString", username: "string", role: ROLE, school_id: "nullableUuid", tier: TIER, status: { enum: ["active", "disabled"] }, password: "string", roblox_user_id: "nullableString" },
		required: [],
	},
	{
		name: "PATCH /users/me",
		method: "PATCH",
		url: () => "/v2/users/me",
		token: () => ctx.teacher,
		valid: () => ({ display_name: "Me" }),
		fields: { display_name: "string", email: "string", current_password: "string", new_password: "string" },
		required: [],
	},
	{
		name: "POST /users/{id}/guardians",
		method: "POST",
		url: () => `/v2/users/${ctx.studentId}/guardians`,
		token: () => ctx.teacher,
		valid: () => ({ parent_id: ctx.userId }),
		fields: { parent_id: "uuid" },
		required: ["parent_id"],
	},
	{
		name: "POST /schools",
		method: "POST",
		url: () => "/v2/schools",
		token: () => ctx.admin,
		valid: () => ({ name: "Prop School" }),
		fields: { name: "string", tier: TIER },
		required: ["name"],
	},
	{
		name: "PATCH /schools/{id}",
		method: "PATCH",
		url: () => `/v2/schools/${ctx.schoolId}`,
		token: () => ctx.admin,
		valid: () => ({ name: "Prop School" }),
		fields: { name: "string", tier: TIER },
		required: [],
	},
	{
		name: "POST /classes",
		method: "POST",
		url: () => "/v2/classes",
		token: () => ctx.teacher,
		valid: () => ({ name: "Prop Class" }),
		fields: { name: "string", subject: "nullableString", grade_level: "nullableInt", school_id: "uuid", teacher_id: "uuid" },
		required: ["name"],
	},
	{
		name: "PATCH /classes/{id}",
		method: "PATCH",
		url: () => `/v2/classes/${ctx.classId}`,
		token: () => ctx.teacher,
		valid: () => ({ name: "Prop Class" }),
		fields: { name: "string", subject: "nullableString", grade_level: "nullableInt", teacher_id: "nullableUuid" },
		required: [],
	},
	{
		name: "POST /classes/join",
		method: "POST",
		url: () => "/v2/classes/join",
		token: () => ctx.students[++joins % ctx.students.length],
		valid: () => ({ join_code: "PRP234" }),
		fields: { join_code: "string" },
		required: ["join_code"],
	},
	{
		name: "POST /classes/{id}/enrollments",
		method: "POST",
		url: () => `/v2/classes/${ctx.classId}/enrollments`,
		token: () => ctx.teacher,
		valid: () => ({ user_id: ctx.studentId }),
		fields: { user_id: "uuid" },
		required: ["user_id"],
	},
	{
		name: "PATCH /system/config",
		method: "PATCH",
		url: () => "/v2/system/config",
		token: () => ctx.admin,
		valid: () => ({ registration_open: true }),
		fields: { registration_open: "bool", student_self_join: "bool", max_students_per_class: "int", maintenance_message: "nullableString" },
		required: [],
	},
];

const nested = fc.oneof(fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }));

/** A value the field's schema refuses. */
function wrongValue(kind: Kind): fc.Arbitrary<unknown> {
	if (typeof kind === "object") return fc.oneof(fc.string().filter((s) => !kind.enum.includes(s)), fc.integer(), fc.constant(null), nested);
	switch (kind) {
		case "string":
			return fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), nested, fc.constant(""), fc.string({ minLength: 600, maxLength: 700 }));
		case "nullableString":
			return fc.oneof(fc.integer(), fc.boolean(), nested, fc.string({ minLength: 600, maxLength: 700 }));
		case "int":
			return fc.oneof(fc.string(), fc.boolean(), fc.constant(null), nested, fc.double({ min: 0.1, max: 0.9, noNaN: true }), fc.integer({ max: 0 }), fc.integer({ min: 100_000 }));
		case "nullableInt":
			return fc.oneof(fc.string(), fc.boolean(), nested, fc.double({ min: 0.1, max: 0.9, noNaN: true }), fc.integer({ max: -1 }), fc.integer({ min: 100_000 }));
		case "bool":
			return fc.oneof(fc.string(), fc.integer(), fc.constant(null), nested);
		case "uuid":
			return fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), fc.constant(null), nested);
		case "nullableUuid":
			return fc.oneof(fc.string({ maxLength: 40 }), fc.integer(), nested);
	}
}

function badBody(route: WriteRoute): fc.Arbitrary<unknown> {
	const names = Object.keys(route.fields);
	const notAnObject = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.anything(), { maxLength: 3 }));
	const unknownField = fc
		.tuple(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !names.includes(k)), fc.jsonValue())
		.map(([key, value]) => ({ ...route.valid(), [key]: value }));
	const wrongField = fc.constantFrom(...names).chain((name) => wrongValue(route.fields[name]).map((value) => ({ ...route.valid(), [name]: value })));
	const arbitraries: fc.Arbitrary<unknown>[] = [notAnObject, unknownField, wrongField];
	if (route.required.length) {
		arbitraries.push(fc.constantFrom(...route.required).map((name) => Object.fromEntries(Object.entries(route.valid()).filter(([k]) => k !== name))));
	}
	return fc.oneof(...arbitraries);
}

async function rowCounts(): Promise<number[]> {
	const { db } = t.services.database;
	const tables = [users, schools, classes, enrollments, guardianships, refreshTokens, auditLog, systemSettings];
	return Promise.all(tables.map(async (table) => (await db.select({ n: count() }).from(table))[0].n));
}

describe("bad bodies at every platform-a write route", () => {
	for (const route of ROUTES) {
		it(`${route.name}: 400 naming a field, nothing written`, async () => {
			await fc.assert(
				fc.asyncProperty(badBody(route), async (body) => {
					const before = await rowCounts();
					const token = route.token();
					const res = await t.request({
						method: route.method,
						url: route.url(),
						token,
						headers: { "content-type": "application/json" },
						payload: JSON.stringify(body),
						remoteAddress: `10.7.${Math.floor(++address / 250)}.${address % 250}`,
					});
					expect(res.statusCode, `${JSON.stringify(body)} -> ${res.body}`).toBe(400);
					const error = res.json();
					expect(error).toMatchObject({ success: false, error: { code: "VALIDATION_ERROR" } });
					// The core's JSON parser refuses prototype-poisoning keys (`__proto__`) before any schema runs;
					// that refusal names no field. Everything else is a schema or service check that does.
					if (error.error.message !== "Request body is not valid JSON") expect(typeof error.error.details?.field).toBe("string");
					expect(await rowCounts()).toEqual(before);
				}),
				{ numRuns: 25 },
			);
		});
	}

	it("the valid bodies the generators start from are accepted (so the property tests the right thing)", async () => {
		for (const route of ROUTES) {
			const res = await t.request({ method: route.method, url: route.url(), token: route.token(), payload: route.valid(), remoteAddress: "10.6.0.1" });
			expect(res.statusCode, `${route.name}: ${res.body}`).toBe(route.method === "POST" ? 201 : 200);
		}
	});
});
