import type { AddressInfo } from "node:net";
import { WebSocket } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardianships } from "../../src/db/tables.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

// Real sockets on 127.0.0.1 (undici's standard WebSocket client, a dependency of the server).
let t: TestApp;
let base: string;
type U = { id: string; token: string };
let teacher: U, outsider: U, student: U, otherStudent: U, parent: U, idleTeacher: U, schoolAdmin: U;
let lessonId: string;
const open: WebSocket[] = [];

interface Client {
	ws: WebSocket;
	frames: { type: string; data?: any }[];
	next(type: string, timeoutMs?: number): Promise<{ type: string; data?: any }>;
	closed: Promise<number>;
}

function connect(path: string, token?: string): Client {
	const ws = new WebSocket(`${base}${path}${token ? `?token=${encodeURIComponent(token)}` : ""}`);
	open.push(ws);
	const frames: Client["frames"] = [];
	const waiters: { type: string; resolve: (f: Client["frames"][number]) => void }[] = [];
	ws.addEventListener("message", (event) => {
		const frame = JSON.parse(String(event.data));
		frames.push(frame);
		for (const w of waiters.filter((w) => w.type === frame.type)) {
			waiters.splice(waiters.indexOf(w), 1);
			w.resolve(frame);
		}
	});
	const closed = new Promise<number>((resolve) => ws.addEventListener("close", (event) => resolve(event.code)));
	return {
		ws,
		frames,
		closed,
		next(type, timeoutMs = 3000) {
			const seen = frames.find((f) => f.type === type && !(f as { taken?: boolean }).taken);
			if (seen) {
				(seen as { taken?: boolean }).taken = true;
				return Promise.resolve(seen);
			}
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`no ${type} frame within ${timeoutMs} ms on ${path}`)), timeoutMs);
				waiters.push({ type, resolve: (f) => (clearTimeout(timer), ((f as { taken?: boolean }).taken = true), resolve(f)) });
			});
		},
	};
}

/** A ping round trip: every frame published before it has been delivered by then. */
async function settle(client: Client) {
	client.ws.send(JSON.stringify({ type: "ping" }));
	await client.next("pong");
}

beforeAll(async () => {
	t = await startTestApp({ WS_AUTH_TIMEOUT_MS: "300" });
	await t.app.listen({ port: 0, host: "127.0.0.1" });
	base = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/v2`;
	const school = await t.createSchool();
	const other = await t.createSchool();
	teacher = await t.createUser({ role: "teacher", schoolId: school.id });
	outsider = await t.createUser({ role: "teacher", schoolId: other.id });
	student = await t.createUser({ role: "student", schoolId: school.id });
	otherStudent = await t.createUser({ role: "student", schoolId: school.id });
	parent = await t.createUser({ role: "parent", schoolId: school.id });
	idleTeacher = await t.createUser({ role: "teacher", schoolId: school.id });
	schoolAdmin = await t.createUser({ role: "admin", schoolId: school.id });
	await t.services.database.db.insert(guardianships).values({ parentId: parent.id, studentId: student.id });
	const cls = await t.createClass({ schoolId: school.id, teacherId: teacher.id, studentIds: [student.id, otherStudent.id] });
	lessonId = (await t.request({ method: "POST", url: "/v2/lessons", token: teacher.token, payload: { title: "L", content: "c", subject: "Math", grade_level: 5, status: "published", class_id: cls.id } })).json().data.id;
});
afterAll(async () => {
	for (const ws of open) ws.close();
	await t.close();
});

describe("notifications socket", () => {
	it("delivers a notification to its user's socket and not to anyone else's", async () => {
		const x = connect("/ws/notifications", student.token);
		const y = connect("/ws/notifications", otherStudent.token);
		expect((await x.next("ready")).data.topics).toEqual([`user:${student.id}`]);
		await y.next("ready");
		const sent = await t.request({ method: "POST", url: "/v2/messages", token: teacher.token, payload: { recipient_id: student.id, body: "Well done" } });
		expect(sent.statusCode).toBe(201);
		const frame = await x.next("notification");
		expect(frame.data).toMatchObject({ type: "message", data: { message_id: sent.json().data.id } });
		await settle(y);
		expect(y.frames.map((f) => f.type)).toEqual(["ready", "pong"]);
	});

	it("authenticates with a first frame, and the main /ws socket hears notifications too", async () => {
		const c = connect("/ws");
		await new Promise((resolve) => c.ws.addEventListener("open", resolve));
		c.ws.send(JSON.stringify({ type: "auth", token: teacher.token }));
		const ready = await c.next("ready");
		expect(ready.data.topics).toContain(`user:${teacher.id}`);
		expect(ready.data.topics.filter((topic: string) => topic.startsWith("school:"))).toHaveLength(2); // progress + analytics
		await t.request({ method: "POST", url: "/v2/messages", token: student.token, payload: { recipient_id: teacher.id, body: "Question" } });
		expect((await c.next("notification")).data.type).toBe("message");
	});

	it("closes 4401 for a bad token, a late token, and a first frame that is not auth", async () => {
		expect(await connect("/ws/notifications", "not.a.jwt").closed).toBe(4401);
		expect(await connect("/ws/notifications").closed).toBe(4401);
		const wrong = connect("/ws/notifications");
		await new Promise((resolve) => wrong.ws.addEventListener("open", resolve));
		wrong.ws.send(JSON.stringify({ type: "ping" }));
		expect(await wrong.closed).toBe(4401);
		expect(wrong.frames.some((f) => f.type === "ready")).toBe(false);
	});
});

describe("progress and analytics sockets", () => {
	it("pushes progress to the school's teacher and the student's parent, not to another school", async () => {
		const staff = connect("/ws/progress", teacher.token);
		const family = connect("/ws/progress", parent.token);
		const foreign = connect("/ws/progress", outsider.token);
		const peer = connect("/ws/progress", otherStudent.token);
		await Promise.all([staff.next("ready"), family.next("ready"), foreign.next("ready"), peer.next("ready")]);
		expect((await t.request({ method: "PUT", url: `/v2/progress/${lessonId}`, token: student.token, payload: { progress: 60 } })).statusCode).toBe(200);
		expect((await staff.next("progress.updated")).data).toMatchObject({ user_id: student.id, lesson_id: lessonId, progress: 60 });
		expect((await family.next("progress.updated")).data.user_id).toBe(student.id);
		await Promise.all([settle(foreign), settle(peer)]);
		expect(foreign.frames.map((f) => f.type)).toEqual(["ready", "pong"]);
		expect(peer.frames.map((f) => f.type)).toEqual(["ready", "pong"]);
	});

	// Issue 17 finding 3: a teacher who teaches no class subscribed to school:<id>:progress and
	// heard every student of the school, while GET /v2/progress showed them nothing.
	it("scopes progress like the REST route: a teacher hears only their classes' students, an admin the school", async () => {
		const idle = connect("/ws/progress", idleTeacher.token);
		const idleAll = connect("/ws", idleTeacher.token);
		const staff = connect("/ws/progress", teacher.token);
		const head = connect("/ws/progress", schoolAdmin.token);
		await Promise.all([idle.next("ready"), idleAll.next("ready"), staff.next("ready"), head.next("ready")]);
		expect((await t.request({ method: "PUT", url: `/v2/progress/${lessonId}`, token: student.token, payload: { progress: 70 } })).statusCode).toBe(200);
		expect((await staff.next("progress.updated")).data).toMatchObject({ user_id: student.id, progress: 70 });
		expect((await head.next("progress.updated")).data).toMatchObject({ user_id: student.id, progress: 70 });
		await Promise.all([settle(idle), settle(idleAll)]);
		expect(idle.frames.map((f) => f.type)).toEqual(["ready", "pong"]);
		expect(idleAll.frames.filter((f) => f.type === "progress.updated")).toEqual([]);
		const rest = await t.request({ method: "GET", url: "/v2/progress", token: idleTeacher.token });
		expect(rest.statusCode).toBe(200);
		expect(rest.json().data.items ?? rest.json().data).toHaveLength(0);
	});

	it("analytics streams are for staff: students are closed 4403, teachers hear writes", async () => {
		expect(await connect("/ws/analytics", student.token).closed).toBe(4403);
		const dash = connect("/ws/analytics", teacher.token);
		const foreign = connect("/ws/analytics", outsider.token);
		await Promise.all([dash.next("ready"), foreign.next("ready")]);
		await t.request({ method: "POST", url: "/v2/lessons", token: teacher.token, payload: { title: "New", content: "c", subject: "Math", grade_level: 5 } });
		expect((await dash.next("analytics.updated")).data).toMatchObject({ kind: "lesson" });
		await settle(foreign);
		expect(foreign.frames.map((f) => f.type)).toEqual(["ready", "pong"]);
	});
});
