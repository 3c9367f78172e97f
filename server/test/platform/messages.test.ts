import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { auditLog } from "../../src/db/tables.js";
import { messages } from "../../src/modules/platform/messages/tables.js";
import { notify } from "../../src/modules/platform/notifications/service.js";
import { notifications } from "../../src/modules/platform/notifications/tables.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

let t: TestApp;
type U = { id: string; token: string };
let teacher: U, otherTeacher: U, outsider: U, student: U, classmate: U, parent: U;

beforeAll(async () => {
	t = await startTestApp();
	const school = await t.createSchool();
	const other = await t.createSchool();
	teacher = await t.createUser({ role: "teacher", schoolId: school.id });
	otherTeacher = await t.createUser({ role: "teacher", schoolId: school.id });
	outsider = await t.createUser({ role: "teacher", schoolId: other.id });
	student = await t.createUser({ role: "student", schoolId: school.id });
	classmate = await t.createUser({ role: "student", schoolId: school.id });
	parent = await t.createUser({ role: "parent", schoolId: school.id });
	await t.createClass({ schoolId: school.id, teacherId: teacher.id, studentIds: [student.id, classmate.id] });
});
afterAll(() => t.close());

const send = (token: string | undefined, payload: unknown) => t.request({ method: "POST", url: "/v2/messages", token, payload: payload as object });
const rows = async (table: typeof messages | typeof notifications) => (await t.services.database.db.select({ n: count() }).from(table))[0].n;

describe("messages", () => {
	it("sends within the school, notifies the recipient, audits, and lists inbox and sent", async () => {
		const res = await send(teacher.token, { recipient_id: student.id, subject: "Homework", body: "Page 12, please." });
		expect(res.statusCode, res.body).toBe(201);
		const message = res.json().data;
		expect(message).toMatchObject({ sender_id: teacher.id, recipient_id: student.id, subject: "Homework", read: false });
		const inbox = (await t.request({ method: "GET", url: "/v2/messages", token: student.token })).json().data;
		expect(inbox.items.map((m: { id: string }) => m.id)).toEqual([message.id]);
		const sent = (await t.request({ method: "GET", url: "/v2/messages?box=sent", token: teacher.token })).json().data;
		expect(sent.total).toBe(1);
		expect((await t.request({ method: "GET", url: "/v2/messages", token: teacher.token })).json().data.total).toBe(0);
		const notes = (await t.request({ method: "GET", url: "/v2/notifications", token: student.token })).json().data;
		expect(notes.items[0]).toMatchObject({ type: "message", body: "Homework", data: { message_id: message.id, sender_id: teacher.id }, read: false });
		const audit = await t.services.database.db.select().from(auditLog).where(eq(auditLog.targetId, message.id));
		expect(audit.map((a) => a.action)).toEqual(["message.send"]);
	});

	it("students may only message their teachers", async () => {
		expect((await send(student.token, { recipient_id: teacher.id, body: "Question" })).statusCode).toBe(201);
		const peer = await send(student.token, { recipient_id: classmate.id, body: "hi" });
		expect(peer.statusCode).toBe(403);
		expect(peer.json().error.code).toBe("FORBIDDEN");
		expect((await send(student.token, { recipient_id: otherTeacher.id, body: "hi" })).statusCode).toBe(403);
		expect((await send(parent.token, { recipient_id: teacher.id, body: "About my child" })).statusCode).toBe(201);
		expect((await send(parent.token, { recipient_id: classmate.id, body: "hi" })).statusCode).toBe(403);
	});

	it("another school's user is not found; nothing is written", async () => {
		const before = [await rows(messages), await rows(notifications)];
		const res = await send(teacher.token, { recipient_id: outsider.id, body: "hello" });
		expect(res.statusCode).toBe(404);
		expect((await send(teacher.token, { recipient_id: "00000000-0000-4000-8000-000000000000", body: "x" })).statusCode).toBe(404);
		expect([await rows(messages), await rows(notifications)]).toEqual(before);
	});

	it("401 without a token and 400 naming the field", async () => {
		expect((await send(undefined, { recipient_id: teacher.id, body: "x" })).statusCode).toBe(401);
		expect((await t.request({ method: "GET", url: "/v2/messages" })).statusCode).toBe(401);
		const cases: [unknown, string][] = [
			[{ body: "x" }, "recipient_id"],
			[{ recipient_id: "x", body: "x" }, "recipient_id"],
			[{ recipient_id: teacher.id, body: "" }, "body"],
			[{ recipient_id: teacher.id, body: 5 }, "body"],
			[{ recipient_id: teacher.id, body: "x", cc: [] }, "cc"],
		];
		for (const [payload, field] of cases) {
			const res = await send(student.token, payload);
			expect(res.statusCode, JSON.stringify(payload)).toBe(400);
			expect(res.json().error.details.field).toBe(field);
		}
		expect((await t.request({ method: "GET", url: "/v2/messages?box=trash", token: teacher.token })).json().error.details.field).toBe("box");
	});

	it("marks a received message read; others' messages are not found", async () => {
		const message = (await send(teacher.token, { recipient_id: classmate.id, body: "See me" })).json().data;
		expect((await t.request({ method: "PATCH", url: `/v2/messages/${message.id}/read`, token: teacher.token })).statusCode).toBe(404);
		expect((await t.request({ method: "PATCH", url: `/v2/messages/${message.id}/read`, token: outsider.token })).statusCode).toBe(404);
		expect((await t.request({ method: "PATCH", url: `/v2/messages/${message.id}/read` })).statusCode).toBe(401);
		const read = await t.request({ method: "PATCH", url: `/v2/messages/${message.id}/read`, token: classmate.token });
		expect(read.json().data).toMatchObject({ id: message.id, read: true });
		const unread = (await t.request({ method: "GET", url: "/v2/messages?unread=true", token: classmate.token })).json().data;
		expect(unread.total).toBe(0);
	});
});

describe("notifications", () => {
	it("lists (unread filter), marks one and all read, scoped to the caller", async () => {
		const user = await t.createUser({ role: "teacher", schoolId: null });
		const a = await notify(t.services.database.db, t.services.hub, user.id, { type: "system", title: "One" });
		await notify(t.services.database.db, t.services.hub, user.id, { type: "system", title: "Two", body: "b", data: { k: 1 } });
		await notify(t.services.database.db, t.services.hub, teacher.id, { type: "system", title: "Not yours" });
		const list = (await t.request({ method: "GET", url: "/v2/notifications", token: user.token })).json().data;
		expect(list.items.map((n: { title: string }) => n.title).sort()).toEqual(["One", "Two"]);
		expect((await t.request({ method: "POST", url: `/v2/notifications/${a.id}/read`, token: teacher.token })).statusCode).toBe(404);
		const one = await t.request({ method: "POST", url: `/v2/notifications/${a.id}/read`, token: user.token });
		expect(one.json().data).toMatchObject({ id: a.id, read: true });
		const unread = (await t.request({ method: "GET", url: "/v2/notifications?unread=true", token: user.token })).json().data;
		expect(unread.items.map((n: { title: string }) => n.title)).toEqual(["Two"]);
		const all = await t.request({ method: "POST", url: "/v2/notifications/read-all", token: user.token });
		expect(all.json().data).toEqual({ updated: 1 });
		expect((await t.request({ method: "GET", url: "/v2/notifications?unread=true", token: user.token })).json().data.total).toBe(0);
		const teacherUnread = (await t.request({ method: "GET", url: "/v2/notifications?unread=true", token: teacher.token })).json().data;
		expect(teacherUnread.items.some((n: { title: string }) => n.title === "Not yours")).toBe(true);
	});

	it("401 without a token, 400 for bad ids and filters", async () => {
		expect((await t.request({ method: "GET", url: "/v2/notifications" })).statusCode).toBe(401);
		expect((await t.request({ method: "POST", url: "/v2/notifications/read-all" })).statusCode).toBe(401);
		expect((await t.request({ method: "POST", url: "/v2/notifications/x/read", token: teacher.token })).json().error.details.field).toBe("id");
		expect((await t.request({ method: "GET", url: "/v2/notifications?unread=maybe", token: teacher.token })).json().error.details.field).toBe("unread");
	});
});

describe("activity from the audit log", () => {
	it("counts staff who only wrote messages as active in the analytics overview", async () => {
		const overview = (await t.request({ method: "GET", url: "/v2/analytics/overview", token: teacher.token })).json().data;
		// teacher, student and parent sent messages (audited); classmate only marked one read (audited too)
		expect(overview.active_users_7d).toBe(4);
	});
});
