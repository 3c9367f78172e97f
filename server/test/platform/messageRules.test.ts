import { count, eq } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, guardianships, users, type Role } from "../../src/db/tables.js";
import { AppError } from "../../src/http/errors.js";
import type { Principal } from "../../src/http/tokens.js";
import { messageSchool, sendChecked, sendInOneStatement } from "../../src/modules/platform/messages/send.js";
import { checkRecipient } from "../../src/modules/platform/messages/service.js";
import { messages } from "../../src/modules/platform/messages/tables.js";
import { notifications } from "../../src/modules/platform/notifications/tables.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/**
 * POST /v2/messages writes in one statement whose SQL carries the recipient rules
 * (messages/send.ts); checkRecipient (service.ts) is the same rules in JavaScript, run when the
 * statement refuses, to say why. The two must agree on every pair of users: SQL allowing more
 * would let a message through that the rules forbid, SQL allowing less would only be slow.
 */
let t: TestApp;
type U = { id: string; token: string; role: Role; schoolId: string | null };
const people: Record<string, U> = {};
let schoolA: string, schoolB: string;

beforeAll(async () => {
	t = await startTestApp();
	const db = t.services.database.db;
	schoolA = (await t.createSchool()).id;
	schoolB = (await t.createSchool()).id;
	const add = async (name: string, role: Role, schoolId: string | null) => (people[name] = { ...(await t.createUser({ role, schoolId })), role, schoolId });
	await add("adminGlobal", "admin", null);
	await add("adminA", "admin", schoolA);
	await add("teacherA", "teacher", schoolA);
	await add("teacherA2", "teacher", schoolA);
	await add("teacherB", "teacher", schoolB);
	await add("teacherNone", "teacher", null);
	await add("studentA", "student", schoolA);
	await add("studentA2", "student", schoolA);
	await add("studentB", "student", schoolB);
	await add("studentNone", "student", null);
	await add("parentNone", "parent", null);
	await add("parentA", "parent", schoolA);
	await add("parentA2", "parent", schoolA);
	await add("disabledA", "teacher", schoolA);
	await db.update(users).set({ status: "disabled" }).where(eq(users.id, people.disabledA.id));
	await t.createClass({ schoolId: schoolA, teacherId: people.teacherA.id, studentIds: [people.studentA.id] });
	// A child of school A in a class of school B: their parent and that teacher meet across schools.
	await t.createClass({ schoolId: schoolB, teacherId: people.teacherB.id, studentIds: [people.studentB.id, people.studentA.id] });
	await db.insert(guardianships).values([
		{ parentId: people.parentNone.id, studentId: people.studentA.id },
		{ parentId: people.parentNone.id, studentId: people.studentNone.id },
		{ parentId: people.parentA.id, studentId: people.studentA2.id },
	]);
});
afterAll(() => t.close());

const principalOf = (u: U): Principal => ({ id: u.id, role: u.role, schoolId: u.schoolId, tier: "standard", epoch: 0 });
const send = (token: string, payload: object) => t.request({ method: "POST", url: "/v2/messages", token, payload });
const counts = async () => {
	const db = t.services.database.db;
	return Promise.all([messages, notifications, auditLog].map(async (table) => (await db.select({ n: count() }).from(table))[0].n));
};

describe("message recipient rules", () => {
	it("the one-statement SQL and checkRecipient agree on every sender and recipient", async () => {
		const db = t.services.database.db;
		const recipients = [...Object.entries(people), ["unknown", { id: "00000000-0000-4000-8000-000000000000" }] as const];
		const disagreements: string[] = [];
		let allowed = 0;
		for (const [senderName, sender] of Object.entries(people)) {
			for (const [recipientName, recipient] of recipients) {
				const expected = await checkRecipient(db, principalOf(sender), recipient.id).then(
					(r) => r.schoolId,
					(error: unknown) => {
						if (!(error instanceof AppError) || ![403, 404].includes(error.statusCode)) throw error;
						return undefined;
					},
				);
				const actual = await messageSchool(db, principalOf(sender), recipient.id);
				if (expected !== undefined) allowed++;
				if (actual !== expected) disagreements.push(`${senderName} -> ${recipientName}: SQL ${actual}, checkRecipient ${expected}`);
			}
		}
		expect(disagreements).toEqual([]);
		expect(allowed).toBeGreaterThan(20); // the matrix is not all refusals
	});

	it("the statement itself writes an allowed message (the checked path is only for refusals) and nothing for a refused one", async () => {
		const db = t.services.database.db;
		const sender = principalOf(people.teacherA);
		const request = { id: "req-statement", ip: "127.0.0.1", user: sender } as unknown as FastifyRequest;
		const input = (recipientId: string) => ({ recipientId, subject: "", body: "Direct", createdAt: new Date() });
		// As sendMessage runs it: on PGlite inside a (queued) transaction.
		const direct = (recipientId: string) =>
			t.services.database.kind === "postgres" ? sendInOneStatement(db, request, sender, input(recipientId)) : db.transaction((tx) => sendInOneStatement(tx, request, sender, input(recipientId)));
		const before = await counts();
		expect(await direct(people.teacherB.id)).toBeUndefined();
		expect(await counts()).toEqual(before);
		const sent = await direct(people.studentA.id);
		expect(sent?.message).toMatchObject({ schoolId: schoolA, senderId: sender.id, recipientId: people.studentA.id, body: "Direct", readAt: null });
		expect(sent?.notification).toMatchObject({ userId: people.studentA.id, type: "message", data: { message_id: sent?.message.id, sender_id: sender.id } });
		expect(await counts()).toEqual(before.map((n) => n + 1));
	});

	it("the checked path (taken for refusals, and should a recipient become reachable in between) writes what the statement writes", async () => {
		const db = t.services.database.db;
		const sender = principalOf(people.teacherA);
		const request = { id: "req-twins", ip: "127.0.0.1", user: sender } as unknown as FastifyRequest;
		const input = { recipientId: people.parentNone.id, subject: "", body: "x".repeat(200), createdAt: new Date("2026-01-02T03:04:05.678Z") };
		const one = await (t.services.database.kind === "postgres" ? sendInOneStatement(db, request, sender, input) : db.transaction((tx) => sendInOneStatement(tx, request, sender, input)));
		const checked = await db.transaction((tx) => sendChecked(tx, request, sender, input));
		const stored = async (id: string) => {
			const [message] = await db.select().from(messages).where(eq(messages.id, id));
			const [notification] = await db.select().from(notifications).where(eq(notifications.data, { message_id: id, sender_id: sender.id }));
			const [entry] = await db.select().from(auditLog).where(eq(auditLog.targetId, id));
			const { id: _m, ...m } = message;
			const { id: _n, createdAt: _nc, data, ...n } = notification;
			const { id: _a, createdAt: _ac, targetId, ...a } = entry;
			expect([data, targetId]).toEqual([{ message_id: id, sender_id: sender.id }, id]);
			return { m, n, a };
		};
		expect(one).toBeDefined();
		expect(await stored(one!.message.id)).toEqual(await stored(checked.message.id));
		const answer = (sent: typeof checked) => ({ ...sent.message, id: undefined, names: sent.names, notification: { ...sent.notification, id: undefined, createdAt: undefined, data: undefined } });
		expect(answer(one!)).toEqual(answer(checked));
	});

	it("sends through the statement what the rules allow, in the school they say, and stores each write once", async () => {
		const parent = people.parentNone;
		const before = await counts();
		const res = await send(parent.token, { recipient_id: people.teacherB.id, body: "Across schools" });
		expect(res.statusCode, res.body).toBe(201);
		const [row] = await t.services.database.db.select().from(messages).where(eq(messages.id, res.json().data.id));
		expect(row.schoolId).toBe(schoolB);
		expect(await counts()).toEqual(before.map((n) => n + 1));
	});
});

describe("what a sent message stores", () => {
	it("message, notification and audit entry, exactly; the answer is the stored message", async () => {
		const db = t.services.database.db;
		const teacher = people.teacherA;
		const body = "é".repeat(150) + " and more";
		// Family path: a teacher writing to the parent of a child in their class (the parent has no school).
		const res = await send(teacher.token, { recipient_id: people.parentNone.id.toUpperCase(), body });
		expect(res.statusCode, res.body).toBe(201);
		const answer = res.json();
		const [message] = await db.select().from(messages).where(eq(messages.id, answer.data.id));
		expect(message).toMatchObject({ schoolId: schoolA, senderId: teacher.id, recipientId: people.parentNone.id, subject: "", body, readAt: null });
		const [sender] = await db.select().from(users).where(eq(users.id, teacher.id));
		const [recipient] = await db.select().from(users).where(eq(users.id, people.parentNone.id));
		expect(answer).toMatchObject({ success: true, message: "Message sent" });
		expect(answer.data).toEqual({
			id: message.id,
			sender_id: teacher.id,
			sender_name: sender.displayName,
			recipient_id: people.parentNone.id,
			recipient_name: recipient.displayName,
			subject: "",
			body,
			read: false,
			read_at: null,
			created_at: message.createdAt.toISOString(),
		});
		const [notification] = await db.select().from(notifications).where(eq(notifications.data, { message_id: message.id, sender_id: teacher.id }));
		expect(notification).toMatchObject({
			type: "message",
			title: `New message from ${sender.displayName}`,
			body: body.slice(0, 140),
			data: { message_id: message.id, sender_id: teacher.id },
			readAt: null,
		});
		expect(Object.keys(notification.data).sort()).toEqual(["message_id", "sender_id"]);
		const entries = await db.select().from(auditLog).where(eq(auditLog.targetId, message.id));
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({
			actorId: teacher.id,
			actorKind: "user",
			schoolId: schoolA,
			action: "message.send",
			targetType: "message",
			details: { recipient_id: people.parentNone.id },
			requestId: answer.request_id,
			ip: "127.0.0.1",
		});
	});

	it("a subject is the notification's body", async () => {
		const res = await send(people.studentA.token, { recipient_id: people.teacherA.id, subject: "Homework", body: "Which page?" });
		expect(res.statusCode, res.body).toBe(201);
		const [notification] = await t.services.database.db
			.select()
			.from(notifications)
			.where(eq(notifications.data, { message_id: res.json().data.id, sender_id: people.studentA.id }));
		expect(notification).toMatchObject({ userId: people.teacherA.id, body: "Homework" });
	});

	it("refused recipients are told apart (404 unknown or out of reach, 403 forbidden) and nothing is written", async () => {
		const before = await counts();
		const cases: [U, string, number, string][] = [
			[people.teacherA, people.teacherA.id, 403, "FORBIDDEN"],
			[people.teacherA, people.disabledA.id, 404, "NOT_FOUND"],
			[people.teacherA, "00000000-0000-4000-8000-000000000000", 404, "NOT_FOUND"],
			[people.teacherA, people.teacherB.id, 404, "NOT_FOUND"],
			[people.studentA, people.teacherA2.id, 403, "FORBIDDEN"],
			[people.parentA2, people.studentA2.id, 403, "FORBIDDEN"],
			[people.teacherNone, people.teacherA.id, 404, "NOT_FOUND"],
		];
		for (const [sender, recipientId, status, code] of cases) {
			const res = await send(sender.token, { recipient_id: recipientId, body: "x" });
			expect(res.statusCode, res.body).toBe(status);
			expect(res.json()).toMatchObject({ success: false, error: { code } });
		}
		expect(await counts()).toEqual(before);
	});

	it("a disabled sender's token stops working at once", async () => {
		const sender = await t.createUser({ role: "teacher", schoolId: schoolA });
		expect((await send(sender.token, { recipient_id: people.studentA.id, body: "before" })).statusCode).toBe(201);
		const admin = people.adminGlobal;
		const disable = await t.request({ method: "PATCH", url: `/v2/users/${sender.id}`, token: admin.token, payload: { status: "disabled" } });
		expect(disable.statusCode, disable.body).toBe(200);
		const before = await counts();
		expect((await send(sender.token, { recipient_id: people.studentA.id, body: "after" })).statusCode).toBe(401);
		expect(await counts()).toEqual(before);
	});
});
