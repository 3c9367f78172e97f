import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { idempotencyKeys } from "../../src/http/idempotency/tables.js";
import { quizAttempts } from "../../src/modules/platform/lessons/tables.js";
import { messages } from "../../src/modules/platform/messages/tables.js";
import { classroomSessions } from "../../src/modules/classroom/tables.js";
import { makeContent, startClassroom, type ClassroomWorld } from "../classroom/helpers.js";
import { startTestApp } from "../helpers/testApp.js";

/**
 * Idempotency-Key (Stripe's semantics) through HTTP, on whichever database the project runs
 * (PGlite, and PostgreSQL in server-pg): concurrent retries of one POST write exactly once.
 */
let w: ClassroomWorld;
type U = { id: string; token: string };
let teacher: U, student: U, otherStudent: U;
let quizId: string;

beforeAll(async () => {
	w = await startClassroom();
	const schoolId = w.a.id;
	teacher = await w.t.createUser({ role: "teacher", schoolId });
	student = await w.t.createUser({ role: "student", schoolId });
	otherStudent = await w.t.createUser({ role: "student", schoolId });
	const { id: classId } = await w.t.createClass({ schoolId, teacherId: teacher.id, studentIds: [student.id, otherStudent.id] });
	const lesson = await w.t.request({ method: "POST", url: "/v2/lessons", token: teacher.token, payload: { title: "L", subject: "Mathematics", content: "c", grade_level: 5, status: "published", class_id: classId } });
	expect(lesson.statusCode, lesson.body).toBe(201);
	const quiz = await w.t.request({
		method: "POST",
		url: `/v2/lessons/${lesson.json().data.id}/quizzes`,
		token: teacher.token,
		payload: { title: "Q", questions: [{ id: "a", text: "1+1?", options: ["2", "3"], correct: 0, points: 1 }] },
	});
	expect(quiz.statusCode, quiz.body).toBe(201);
	quizId = quiz.json().data.id;
});
afterAll(() => w.t.close());

const db = () => w.t.services.database.db;
const post = (url: string, token: string, payload: object, key?: string) =>
	w.t.request({ method: "POST", url, token, payload, headers: key ? { "idempotency-key": key } : {} });
const messageCount = async (senderId: string) => (await db().select({ n: count() }).from(messages).where(eq(messages.senderId, senderId)))[0].n;

describe("Idempotency-Key", () => {
	it("concurrent retries of a message send write one message and all get the first response", async () => {
		const payload = { recipient_id: teacher.id, body: "Is there homework?" };
		const results = await Promise.all(Array.from({ length: 6 }, () => post("/v2/messages", student.token, payload, "msg-retry-1")));
		for (const res of results) expect(res.statusCode, res.body).toBe(201);
		const ids = new Set(results.map((res) => res.json().data.id));
		expect(ids.size).toBe(1);
		expect(await messageCount(student.id)).toBe(1);
		expect(results.filter((res) => res.headers["idempotent-replayed"] === "true")).toHaveLength(5);

		const later = await post("/v2/messages", student.token, payload, "msg-retry-1");
		expect(later.statusCode).toBe(201);
		expect(later.json()).toEqual(results[0].json()); // the first response, body and all
		expect(await messageCount(student.id)).toBe(1);
	});

	it("without a key each POST is its own write (the retries above would have written six)", async () => {
		const payload = { recipient_id: teacher.id, body: "No key" };
		await Promise.all([post("/v2/messages", otherStudent.token, payload), post("/v2/messages", otherStudent.token, payload)]);
		expect(await messageCount(otherStudent.id)).toBe(2);
	});

	it("the same key with a different body is 422 IDEMPOTENCY_KEY_REUSED in the area's envelope", async () => {
		expect((await post("/v2/messages", student.token, { recipient_id: teacher.id, body: "first" }, "msg-reuse")).statusCode).toBe(201);
		const res = await post("/v2/messages", student.token, { recipient_id: teacher.id, body: "second" }, "msg-reuse");
		expect(res.statusCode).toBe(422);
		expect(res.json()).toMatchObject({ success: false, error: { code: "IDEMPOTENCY_KEY_REUSED", details: { field: "headers.idempotency-key" } }, request_id: expect.any(String) });
	});

	it("keys are per caller: another caller's identical key runs as its own request", async () => {
		const before = await messageCount(otherStudent.id);
		const res = await post("/v2/messages", otherStudent.token, { recipient_id: teacher.id, body: "Is there homework?" }, "msg-retry-1");
		expect(res.statusCode).toBe(201);
		expect(res.headers["idempotent-replayed"]).toBeUndefined();
		expect(await messageCount(otherStudent.id)).toBe(before + 1);
	});

	it("an error response is not kept: the retry runs again", async () => {
		const missing = await post("/v2/messages", student.token, { recipient_id: "00000000-0000-4000-8000-000000000000", body: "x" }, "msg-error");
		expect(missing.statusCode).toBe(404);
		const retry = await post("/v2/messages", student.token, { recipient_id: teacher.id, body: "x" }, "msg-error");
		expect(retry.statusCode, retry.body).toBe(201);
	});

	it("concurrent retries of a quiz attempt record one attempt", async () => {
		const results = await Promise.all(Array.from({ length: 5 }, () => post(`/v2/quizzes/${quizId}/attempts`, otherStudent.token, { answers: [0] }, "attempt-1")));
		for (const res of results) expect(res.statusCode, res.body).toBe(results[0].statusCode);
		expect(results[0].statusCode).toBeLessThan(300);
		const attempts = await db().select({ n: count() }).from(quizAttempts).where(eq(quizAttempts.userId, otherStudent.id));
		expect(attempts[0].n).toBe(1);
	});

	it("works in the classroom area with a place key, errors in its own envelope", async () => {
		const { contentId } = await makeContent(w.t, w.a.teacher);
		const body = { contentId, maxPlayers: 5 };
		const results = await Promise.all(Array.from({ length: 4 }, () => post("/v2/roblox/sessions", w.a.key, body, "{3F2504E0-4F89-11D3-9A0C-0305E82C3301}")));
		for (const res of results) expect(res.statusCode, res.body).toBe(201);
		expect(new Set(results.map((res) => res.json().sessionId)).size).toBe(1);
		const sessions = await db().select({ n: count() }).from(classroomSessions).where(eq(classroomSessions.contentId, contentId));
		expect(sessions[0].n).toBe(1);
		const reused = await post("/v2/roblox/sessions", w.a.key, { contentId, maxPlayers: 6 }, "{3F2504E0-4F89-11D3-9A0C-0305E82C3301}");
		expect(reused.statusCode).toBe(422);
		expect(reused.json()).toMatchObject({ error: { code: "IDEMPOTENCY_KEY_REUSED", requestId: expect.any(String) } });
	});

	it("a key that is not printable ASCII or is too long is refused with 400 naming the header", async () => {
		const res = await post("/v2/messages", student.token, { recipient_id: teacher.id, body: "x" }, "x".repeat(256));
		expect(res.statusCode).toBe(400);
		expect(res.json().error.details.field).toContain("idempotency-key");
	});

	it("keeps the response sealed at rest and documents the header on every POST in /openapi.json", async () => {
		const [row] = await db().select().from(idempotencyKeys).where(eq(idempotencyKeys.key, "msg-retry-1")).limit(1);
		expect(row.sealedBody).toMatch(/^v1\./);
		expect(row.sealedBody).not.toContain("homework");
		const doc = (await w.t.request({ method: "GET", url: "/openapi.json" })).json() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> };
		const posts = Object.entries(doc.paths).flatMap(([path, ops]) => (ops.post ? [[path, ops.post] as const] : []));
		expect(posts.length).toBeGreaterThan(30);
		for (const [path, op] of posts) {
			expect(op.parameters?.some((p) => p.in === "header" && p.name === "idempotency-key"), path).toBe(true);
		}
	});

	it("a retry while the first is still running waits, then gets 409 IDEMPOTENCY_KEY_IN_USE; a key left by a request that died is taken over after 60 s", async () => {
		const t = await startTestApp({ IDEMPOTENCY_IN_FLIGHT_WAIT_MS: "300" });
		try {
			const { id: schoolId } = await t.createSchool();
			const sender = await t.createUser({ role: "teacher", schoolId });
			const recipient = await t.createUser({ role: "teacher", schoolId });
			const payload = { recipient_id: recipient.id, body: "in flight" };
			const send = () => t.request({ method: "POST", url: "/v2/messages", token: sender.token, payload, headers: { "idempotency-key": "in-flight" } });
			expect((await send()).statusCode).toBe(201);
			const tdb = t.services.database.db;
			const key = and(eq(idempotencyKeys.key, "in-flight"), eq(idempotencyKeys.scope, `user:${sender.id}`));
			// As if the first request were still running (its response not recorded yet).
			await tdb.update(idempotencyKeys).set({ status: null, sealedBody: null, lockedAt: new Date() }).where(key);
			const started = Date.now();
			const busy = await send();
			expect(busy.statusCode, busy.body).toBe(409);
			expect(busy.json().error.code).toBe("IDEMPOTENCY_KEY_IN_USE");
			expect(busy.headers["retry-after"]).toBe("1");
			expect(Date.now() - started).toBeGreaterThanOrEqual(300);
			// As if it had started 61 s ago on a server that then died: the retry runs.
			await tdb.update(idempotencyKeys).set({ lockedAt: new Date(Date.now() - 61_000) }).where(key);
			const retried = await send();
			expect(retried.statusCode, retried.body).toBe(201);
			expect(retried.headers["idempotent-replayed"]).toBeUndefined();
			expect((await send()).headers["idempotent-replayed"]).toBe("true");
		} finally {
			await t.close();
		}
	});
});
