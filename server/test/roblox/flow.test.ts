import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { createCoreServices } from "../../src/services.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";
import { startPusher, startWebhookReceiver, type PusherStandIn, type WebhookReceiver } from "./standins.js";

const FAKE_ROJO = fileURLToPath(new URL("./fixtures/fake-rojo.mjs", import.meta.url));
const pusherApp = { id: "4242", key: "pusher-key", secret: "pusher-secret" };
const dir = mkdtempSync(join(tmpdir(), "roblox-flow-"));
let t: TestApp;
let pusher: PusherStandIn;
let hooks: WebhookReceiver;

beforeAll(async () => {
	pusher = await startPusher(pusherApp);
	hooks = await startWebhookReceiver();
	t = await startTestApp({
		PUSHER_APP_ID: pusherApp.id,
		PUSHER_KEY: pusherApp.key,
		PUSHER_SECRET: pusherApp.secret,
		PUSHER_HOST: "127.0.0.1",
		PUSHER_PORT: String(pusher.port),
		PUSHER_USE_TLS: "false",
		ROJO_BIN: FAKE_ROJO,
		ROJO_PROJECTS_DIR: join(dir, "projects"),
		ROJO_BASE_PORT: String(41000 + Math.floor(Math.random() * 2000)),
		OUTBOUND_ALLOW_LOOPBACK: "true",
	});
});
afterAll(async () => {
	await t.close();
	await pusher.close();
	await hooks.close();
	rmSync(dir, { recursive: true, force: true });
});

interface WsMessage {
	type: string;
	channel?: string;
	event?: string;
	data?: Record<string, unknown>;
}

async function openSocket(token: string, channels: string[]) {
	const messages: WsMessage[] = [];
	// The listener is attached before the upgrade completes: the server may answer at once.
	const ws = await t.app.injectWS(`/api/v1/roblox/ws?token=${token}`, {}, { onInit: (socket) => socket.on("message", (raw: Buffer) => messages.push(JSON.parse(raw.toString()))) });
	const until = async (predicate: () => boolean) => {
		for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
		expect(predicate()).toBe(true);
	};
	await until(() => messages.some((m) => m.type === "authenticated"));
	for (const channel of channels) {
		ws.send(JSON.stringify({ type: "subscribe", channel }));
		await until(() => messages.some((m) => (m.type === "subscribed" || m.type === "error") && m.channel === channel));
	}
	return { ws, messages, until };
}

const say = (token: string, session_id: string, user_input: string) => t.request({ method: "POST", url: "/api/v1/roblox/conversation/input", token, payload: { session_id, user_input } });

describe("conversation to a generated Rojo project", () => {
	it("walks the 8 stages, generates, writes the project and emits events in order on Pusher and WebSocket", async () => {
		const school = await t.createSchool();
		const teacher = await t.createUser({ role: "teacher", schoolId: school.id });
		await t.request({ method: "POST", url: "/api/v1/roblox/webhooks", token: teacher.token, payload: { url: hooks.url, events: ["generation.complete", "rojo.connected"], secret: "flow-secret-0123456789" } });

		const start = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token: teacher.token, payload: { user_id: "user_123", initial_message: "I want to create a math learning environment" } });
		expect(start.statusCode).toBe(201);
		const session = start.json();
		expect(session).toMatchObject({ current_stage: "greeting", stage_number: 1, total_stages: 8 });
		expect(session.message).toContain("Welcome to the ToolboxAI Educational Content Generator");
		const sid = session.session_id as string;
		expect(session.pusher_channel).toBe(`private-roblox-conversation-${sid}`);
		const { ws, messages, until } = await openSocket(teacher.token, [`private-roblox-conversation-${sid}`, `private-roblox-generation-${sid}`]);

		const steps: [string, string, boolean][] = [
			["Hi! It's for my 5th grade class.", "requirements", true],
			["Hmm, not sure yet", "requirements", false],
			["I want students to practice adding fractions and comparing decimals", "personalization", true],
			["Let's use a space theme", "content_design", true],
			["A classroom please", "content_design", false],
			["with quiz boards", "uniqueness_enhancement", true],
			["Medium difficulty with 4 questions", "validation", true],
			["yes, looks good", "generation", true],
		];
		for (const [text, stage, changed] of steps) {
			const res = await say(teacher.token, sid, text);
			expect(res.statusCode).toBe(200);
			expect(res.json(), text).toMatchObject({ current_stage: stage, stage_changed: changed });
			if (!changed) expect(res.json().missing.length).toBeGreaterThan(0);
		}
		const waiting = await say(teacher.token, sid, "hello?");
		expect(waiting.json().message).toContain("generate");

		const gen = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token: teacher.token, payload: { session_id: sid, requirements: { difficulty: "medium" } } });
		expect(gen.statusCode).toBe(202);
		const generation = gen.json();
		expect(generation).toMatchObject({ status: "in_progress", pusher_channel: `private-roblox-generation-${sid}` });
		await t.services.jobs.idle();
		const status = (await t.request({ method: "GET", url: `/api/v1/roblox/conversation/generations/${generation.generation_id}`, token: teacher.token })).json();
		expect(status).toMatchObject({ status: "completed", progress: 100, project_id: generation.project_id });

		// The project on disk, in the layout ContentService reads.
		const root = join(dir, "projects", generation.project_id);
		const project = JSON.parse(readFileSync(join(root, "default.project.json"), "utf8"));
		expect(project.tree.$className).toBe("DataModel");
		expect(project.tree.ReplicatedStorage).toBeUndefined();
		const contentPath = project.tree.ServerStorage.ClassroomContent[status.content_id].$path;
		const content = JSON.parse(readFileSync(join(root, contentPath), "utf8"));
		expect(content.quiz.questions).toHaveLength(4);
		expect(typeof content.quiz.questions[0].correct).toBe("number");
		const model = JSON.parse(readFileSync(join(root, project.tree.Workspace.Classroom.$path), "utf8"));
		expect(model.className).toBe("Model");
		const boards = model.children.filter((c: { properties?: { Tags?: string[] } }) => c.properties?.Tags?.includes("QuizBoard"));
		expect(boards.map((b: { attributes: { QuestionIndex: number } }) => b.attributes.QuestionIndex).sort()).toEqual([0, 1, 2, 3]);
		expect(boards.every((b: { className: string }) => b.className === "Part")).toBe(true);
		// Rojo places parts by CFrame (Position does not serialize); every part is anchored.
		for (const part of model.children) expect(part.properties.CFrame).toHaveLength(12);
		expect(model.children.every((p: { properties: { Anchored?: boolean } }) => p.properties.Anchored === true)).toBe(true);
		expect(JSON.stringify(model)).not.toContain('"correct"');
		for (const q of content.quiz.questions) expect(JSON.stringify(model)).not.toContain(q.options[q.correct] + '"');

		// Events, in order, on the conversation channel: WebSocket and Pusher saw the same sequence.
		const expected = [
			...["discovery", "requirements", "personalization", "content_design", "uniqueness_enhancement", "validation", "generation"].map((s) => `stage-changed:${s}`),
			"generation-progress:10",
			"generation-progress:40",
			"generation-progress:70",
			"generation-progress:90",
			"generation-complete:",
		];
		const label = (event: string | undefined, data: Record<string, unknown> | undefined) => `${event}:${data?.stage && event === "stage-changed" ? data.stage : data?.progress ?? ""}`;
		const conv = `private-roblox-conversation-${sid}`;
		await until(() => messages.filter((m) => m.type === "event" && m.channel === conv).length >= expected.length);
		expect(messages.filter((m) => m.type === "event" && m.channel === conv).map((m) => label(m.event, m.data))).toEqual(expected);
		expect(pusher.events.filter((e) => e.channel === conv).map((e) => label(e.name, e.data as Record<string, unknown>))).toEqual(expected);
		expect(pusher.events.filter((e) => e.channel === `private-roblox-generation-${sid}`).map((e) => e.name)).toEqual(["generation-progress", "generation-progress", "generation-progress", "generation-progress", "generation-complete"]);
		expect(pusher.rejected).toEqual([]);
		const complete = pusher.events.find((e) => e.name === "generation-complete")!.data as Record<string, unknown>;
		expect(complete).toMatchObject({ project_id: generation.project_id, content_id: status.content_id, files_generated: 3 });
		ws.terminate();

		// generation.complete webhook, signed.
		await t.services.jobs.idle();
		const delivered = hooks.received.find((r) => JSON.parse(r.body).event === "generation.complete")!;
		expect(JSON.parse(delivered.body).data).toMatchObject({ session_id: sid, project_id: generation.project_id, files_generated: 3, status: "success" });
		expect(delivered.headers["x-signature"]).toBe(`sha256=${createHmac("sha256", "flow-secret-0123456789").update(delivered.body).digest("hex")}`);

		// Rojo: listed, served on a free port from the base up, stopped.
		const check = (await t.request({ method: "GET", url: "/api/v1/roblox/rojo/check", token: teacher.token })).json();
		expect(check).toMatchObject({ installed: true, version: "7.5.1", path: FAKE_ROJO, default_port: t.config.ROJO_BASE_PORT });
		const list = (await t.request({ method: "GET", url: "/api/v1/roblox/rojo/projects", token: teacher.token })).json();
		expect(list.total).toBe(1);
		expect(list.projects[0]).toMatchObject({ project_id: generation.project_id, path: root, status: "stopped", port: null, user_id: teacher.id, files_count: 3 });
		const started = await t.request({ method: "POST", url: `/api/v1/roblox/rojo/projects/${generation.project_id}/start`, token: teacher.token });
		expect(started.statusCode).toBe(200);
		const port = started.json().port as number;
		expect(started.json().status).toBe("running");
		expect(port).toBeGreaterThanOrEqual(t.config.ROJO_BASE_PORT);
		await new Promise<void>((resolve, reject) => createConnection({ port, host: "127.0.0.1" }).once("connect", function (this: import("node:net").Socket) { this.destroy(); resolve(); }).once("error", reject));
		const stopped = await t.request({ method: "POST", url: `/api/v1/roblox/rojo/projects/${generation.project_id}/stop`, token: teacher.token });
		expect(stopped.json()).toMatchObject({ status: "stopped", port: null });
		await t.services.jobs.idle();
		expect(hooks.received.some((r) => JSON.parse(r.body).event === "rojo.connected")).toBe(true);

		// Another teacher sees none of it.
		const stranger = await t.createUser({ role: "teacher" });
		expect((await t.request({ method: "GET", url: "/api/v1/roblox/rojo/projects", token: stranger.token })).json().total).toBe(0);
		expect((await t.request({ method: "POST", url: `/api/v1/roblox/rojo/projects/${generation.project_id}/start`, token: stranger.token })).statusCode).toBe(404);
		expect((await say(stranger.token, sid, "hi")).statusCode).toBe(404);
	});

	it("asks for what is missing and refuses to generate until the facts are known", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const sid = (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token: teacher.token, payload: {} })).json().session_id;
		const first = (await say(teacher.token, sid, "hello")).json();
		expect(first).toMatchObject({ current_stage: "discovery", missing: ["subject", "grade_level"] });
		expect(first.message).toMatch(/subject/i);
		const gen = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token: teacher.token, payload: { session_id: sid } });
		expect(gen.statusCode).toBe(400);
		expect(gen.json().error).toMatchObject({ code: "INVALID_REQUEST", details: { field: "requirements", missing: expect.arrayContaining(["subject", "grade_level", "difficulty"]) } });
		const bad = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/input", token: teacher.token, payload: { session_id: sid, user_input: 5 } });
		expect(bad.json().error).toMatchObject({ code: "INVALID_REQUEST", details: { field: "user_input" } });
	});

	it("keeps conversation state across a restart (a second app on the same database)", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const sid = (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token: teacher.token, payload: { context: { grade_level: 6, subject: "Mathematics" } } })).json().session_id;
		await say(teacher.token, sid, "hi");
		const services = await createCoreServices(t.config, { database: t.services.database });
		const second = await buildApp(services);
		try {
			const state = await second.inject({ method: "GET", url: `/api/v1/roblox/conversation/${sid}`, headers: { authorization: `Bearer ${teacher.token}` } });
			expect(state.json()).toMatchObject({ current_stage: "requirements", collected: { subject: "mathematics", grade_level: 6 } });
			expect(state.json().history.length).toBe(3);
			const next = await second.inject({ method: "POST", url: "/api/v1/roblox/conversation/input", headers: { authorization: `Bearer ${teacher.token}` }, payload: { session_id: sid, user_input: "They should learn to solve one-step equations" } });
			expect(next.json()).toMatchObject({ current_stage: "personalization", collected: { learning_objectives: ["solve one-step equations"] } });
		} finally {
			await second.close();
			await services.close();
		}
	});
});

describe("rojo serve lifecycle", () => {
	it("stops the serve processes it started when the app closes", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const sid = (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token: teacher.token, payload: { context: { subject: "Science", grade_level: 4, learning_objectives: ["states of matter"], environment_type: "laboratory", interactive_elements: ["quiz_board"], difficulty: "easy" } } })).json().session_id;
		const projectId = (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token: teacher.token, payload: { session_id: sid } })).json().project_id;
		await t.services.jobs.idle();
		const services = await createCoreServices(t.config, { database: t.services.database });
		const second = await buildApp(services);
		const started = await second.inject({ method: "POST", url: `/api/v1/roblox/rojo/projects/${projectId}/start`, headers: { authorization: `Bearer ${teacher.token}` } });
		expect(started.json().status).toBe("running");
		const port = started.json().port as number;
		await second.close();
		await services.close();
		const refused = await new Promise<boolean>((resolve) => createConnection({ port, host: "127.0.0.1" }).once("connect", function (this: import("node:net").Socket) { this.destroy(); resolve(false); }).once("error", () => resolve(true)));
		expect(refused).toBe(true);
	});
});

describe("Pusher channel auth and status", () => {
	it("signs only the caller's own channels, per the Pusher protocol", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const other = await t.createUser({ role: "teacher" });
		const sid = (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token: teacher.token, payload: {} })).json().session_id;
		const channel = `private-roblox-conversation-${sid}`;
		const res = await t.request({ method: "POST", url: "/api/v1/roblox/pusher/auth", token: teacher.token, payload: { socket_id: "12345.67890", channel_name: channel } });
		expect(res.statusCode).toBe(200);
		expect(res.json().auth).toBe(`${pusherApp.key}:${createHmac("sha256", pusherApp.secret).update(`12345.67890:${channel}`).digest("hex")}`);

		const presence = `presence-roblox-generation-${sid}`;
		const p = (await t.request({ method: "POST", url: "/api/v1/roblox/pusher/auth", token: teacher.token, payload: { socket_id: "1.2", channel_name: presence, user_data: { user_id: "spoofed", username: "MsFrizzle" } } })).json();
		expect(JSON.parse(p.channel_data)).toEqual({ user_id: teacher.id, user_info: { username: "MsFrizzle" } });
		expect(p.auth).toBe(`${pusherApp.key}:${createHmac("sha256", pusherApp.secret).update(`1.2:${presence}:${p.channel_data}`).digest("hex")}`);

		// pusher-js's default form-encoded request works too.
		const form = await t.request({ method: "POST", url: "/api/v1/roblox/pusher/auth", token: teacher.token, headers: { "content-type": "application/x-www-form-urlencoded" }, payload: `socket_id=1.1&channel_name=${channel}` });
		expect(form.statusCode).toBe(200);

		for (const [token, name] of [[other.token, channel], [teacher.token, "private-someone-else"], [teacher.token, "private-roblox-conversation-session_000000000000000000000000"]]) {
			const denied = await t.request({ method: "POST", url: "/api/v1/roblox/pusher/auth", token, payload: { socket_id: "1.1", channel_name: name } });
			expect(denied.statusCode).toBe(403);
			expect(denied.json().error.code).toBe("FORBIDDEN");
		}
		expect((await t.request({ method: "POST", url: "/api/v1/roblox/pusher/auth", token: teacher.token, payload: { socket_id: "bad", channel_name: channel } })).json().error.details.field).toBe("socket_id");

		const status = (await t.request({ method: "GET", url: "/api/v1/roblox/pusher/status", token: teacher.token })).json();
		expect(status).toMatchObject({ connected: true, configured: true, transport: "pusher", app_id: pusherApp.id, last_error: null });
		expect(status.channels_active).toBeGreaterThan(0);
	});

	it("refuses WebSocket subscriptions to other users' channels", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const other = await t.createUser({ role: "teacher" });
		const sid = (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token: teacher.token, payload: {} })).json().session_id;
		const { ws, messages } = await openSocket(other.token, [`private-roblox-conversation-${sid}`]);
		expect(messages.find((m) => m.channel === `private-roblox-conversation-${sid}`)).toMatchObject({ type: "error", code: "FORBIDDEN" });
		ws.terminate();
	});
});
