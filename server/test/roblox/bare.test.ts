import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { robloxConversations } from "../../src/modules/roblox/tables.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";
import { startWebhookReceiver, type WebhookReceiver } from "./standins.js";

// No Pusher, no Rojo, no Roblox credentials: every feature says so honestly, nothing 500s.
const dir = mkdtempSync(join(tmpdir(), "roblox-bare-"));
let t: TestApp;
let hooks: WebhookReceiver;

beforeAll(async () => {
	hooks = await startWebhookReceiver();
	t = await startTestApp({ ROJO_BIN: join(dir, "no-such-rojo"), ROJO_PROJECTS_DIR: join(dir, "projects"), ROBLOX_WEBHOOK_RETRY_BASE_MS: "5", ROBLOX_WEBHOOK_MAX_ATTEMPTS: "3", OUTBOUND_ALLOW_LOOPBACK: "true" });
});
afterAll(async () => {
	await t.close();
	await hooks.close();
	rmSync(dir, { recursive: true, force: true });
});

const context = { subject: "Mathematics", grade_level: 5, learning_objectives: ["add fractions"], environment_type: "classroom", interactive_elements: ["quiz_board"] };

describe("without upstreams", () => {
	it("reports Pusher as not configured, refuses channel auth with 503, and streams events over the WebSocket hub", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const status = (await t.request({ method: "GET", url: "/api/v1/roblox/pusher/status", token: teacher.token })).json();
		expect(status).toMatchObject({ connected: false, configured: false, transport: "websocket", channels_active: 0, app_id: null });
		const sid = (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token: teacher.token, payload: { context } })).json().session_id;
		const auth = await t.request({ method: "POST", url: "/api/v1/roblox/pusher/auth", token: teacher.token, payload: { socket_id: "1.1", channel_name: `private-roblox-conversation-${sid}` } });
		expect(auth.statusCode).toBe(503);

		const ws = await t.app.injectWS("/api/v1/roblox/ws");
		const messages: { type: string; event?: string; data?: { stage?: string } }[] = [];
		ws.on("message", (raw: Buffer) => messages.push(JSON.parse(raw.toString())));
		const until = async (n: number) => {
			for (let i = 0; i < 200 && messages.length < n; i++) await new Promise((r) => setTimeout(r, 10));
		};
		ws.send(JSON.stringify({ type: "subscribe", channel: `private-roblox-conversation-${sid}` }));
		await until(1);
		expect(messages[0]).toMatchObject({ type: "error", code: "UNAUTHORIZED" });
		ws.send(JSON.stringify({ type: "auth", token: teacher.token }));
		ws.send(JSON.stringify({ type: "subscribe", channel: `private-roblox-conversation-${sid}` }));
		await until(3);
		expect(messages.slice(1, 3).map((m) => m.type)).toEqual(["authenticated", "subscribed"]);
		expect((await t.request({ method: "GET", url: "/api/v1/roblox/pusher/status", token: teacher.token })).json().channels_active).toBe(1);

		await t.request({ method: "POST", url: "/api/v1/roblox/conversation/input", token: teacher.token, payload: { session_id: sid, user_input: "hi there" } });
		await until(5);
		// greeting -> discovery -> requirements -> personalization (subject, grade and objectives were given as context).
		expect(messages.slice(3).map((m) => `${m.event}:${m.data?.stage}`)).toEqual(["stage-changed:discovery", "stage-changed:requirements", "stage-changed:personalization"]);
		ws.terminate();
	});

	it("answers installed:false for a missing Rojo, and 503 for OAuth and Open Cloud without credentials", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const check = await t.request({ method: "GET", url: "/api/v1/roblox/rojo/check", token: teacher.token });
		expect(check.statusCode).toBe(200);
		expect(check.json()).toEqual({ installed: false, version: null, path: null, default_port: 34872 });
		const oauth = await t.request({ method: "POST", url: "/api/v1/roblox/auth/initiate", token: teacher.token, payload: { redirect_uri: "http://127.0.0.1/cb" } });
		expect(oauth.statusCode).toBe(503);
		expect(oauth.json().error.code).toBe("OAUTH_NOT_CONFIGURED");
		const cloud = await t.request({ method: "GET", url: "/api/v1/roblox/cloud/places/1/2", token: teacher.token });
		expect(cloud.statusCode).toBe(503);
		const missing = await t.request({ method: "GET", url: "/api/v1/roblox/nope", token: teacher.token });
		expect(missing.statusCode).toBe(404);
		expect(missing.json().error).toMatchObject({ code: "NOT_FOUND", requestId: expect.any(String), timestamp: expect.any(String) });
		expect((await t.request({ method: "GET", url: "/api/v1/roblox/rojo/projects" })).json().error.code).toBe("UNAUTHORIZED");
	});

	it("generates straight from requirements, refuses a second run while one is going, and serves 503 for rojo start", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const hook = (await t.request({ method: "POST", url: "/api/v1/roblox/webhooks", token: teacher.token, payload: { url: hooks.url, events: ["generation.complete"], secret: "bare-secret-0123456789" } })).json();
		hooks.failures.push(500, 503);
		const sid = (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token: teacher.token, payload: { context } })).json().session_id;
		const gen = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token: teacher.token, payload: { session_id: sid, requirements: { difficulty: "easy" } } });
		expect(gen.statusCode).toBe(202);
		const again = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token: teacher.token, payload: { session_id: sid } });
		if (again.statusCode === 202) {
			// Only allowed when the first run had already finished.
			const first = (await t.request({ method: "GET", url: `/api/v1/roblox/conversation/generations/${gen.json().generation_id}`, token: teacher.token })).json();
			expect(first.status).toBe("completed");
		} else {
			expect(again.statusCode).toBe(409);
			expect(again.json().error).toMatchObject({ code: "CONFLICT", details: { generation_id: gen.json().generation_id } });
		}
		await t.services.jobs.idle();
		const state = (await t.request({ method: "GET", url: `/api/v1/roblox/conversation/${sid}`, token: teacher.token })).json();
		expect(state.current_stage).toBe("generation");

		// The webhook failed twice, then was delivered on the third attempt; the log says so.
		const log = (await t.request({ method: "GET", url: `/api/v1/roblox/webhooks/${hook.id}/deliveries`, token: teacher.token })).json();
		const first = log.deliveries.at(-1);
		expect(first).toMatchObject({ event: "generation.complete", status: "delivered", attempts: 3, response_status: 200 });
		expect(hooks.received.length).toBeGreaterThanOrEqual(3);
		expect(new Set(hooks.received.slice(0, 3).map((r) => r.body)).size).toBe(1); // every retry sends the same signed bytes

		const projectId = gen.json().project_id;
		const start = await t.request({ method: "POST", url: `/api/v1/roblox/rojo/projects/${projectId}/start`, token: teacher.token });
		expect(start.statusCode).toBe(503);
		expect(start.json().error.code).toBe("ROJO_NOT_INSTALLED");
	});

	it("gives up after the last attempt and logs the failure", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const hook = (await t.request({ method: "POST", url: "/api/v1/roblox/webhooks", token: teacher.token, payload: { url: hooks.url, events: ["generation.complete"], secret: "bare-secret-0123456789" } })).json();
		hooks.failures.push(500, 500, 500);
		const sid = (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token: teacher.token, payload: { context: { ...context, difficulty: "hard" } } })).json().session_id;
		await t.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token: teacher.token, payload: { session_id: sid } });
		await t.services.jobs.idle();
		const log = (await t.request({ method: "GET", url: `/api/v1/roblox/webhooks/${hook.id}/deliveries`, token: teacher.token })).json();
		expect(log.deliveries[0]).toMatchObject({ status: "failed", attempts: 3, response_status: 500, last_error: "Receiver answered 500" });
		expect((await t.request({ method: "DELETE", url: `/api/v1/roblox/webhooks/${hook.id}`, token: teacher.token })).json()).toEqual({ deleted: true });
		expect((await t.request({ method: "GET", url: `/api/v1/roblox/webhooks/${hook.id}/deliveries`, token: teacher.token })).statusCode).toBe(404);
	});

	it("never lets a lesson that cannot be built reach generation: history without a language model is refused by name", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const start = (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token: teacher.token, payload: { context: { ...context, subject: "history", difficulty: "easy" } } })).json();
		expect(start.message).toMatch(/I can't build history lessons here\. I can build mathematics/);
		const sid = start.session_id;
		const refused = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token: teacher.token, payload: { session_id: sid } });
		expect(refused.statusCode).toBe(400);
		expect(refused.json().error).toMatchObject({ code: "INVALID_REQUEST", details: { missing: ["subject"] } });
		// A session stored with such a subject (e.g. before the model was switched off) is refused too, with its own code.
		await t.services.database.db.update(robloxConversations).set({ facts: { ...context, subject: "history", difficulty: "easy" } }).where(eq(robloxConversations.id, sid));
		const stored = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token: teacher.token, payload: { session_id: sid } });
		expect(stored.statusCode).toBe(400);
		expect(stored.json().error).toMatchObject({ code: "UNSUPPORTED_SUBJECT", details: { field: "subject" } });
		expect(stored.json().error.message).toMatch(/science \(\d+ questions? for grade 5/);
		const state = (await t.request({ method: "GET", url: `/api/v1/roblox/conversation/${sid}`, token: teacher.token })).json();
		expect(state.current_stage).not.toBe("generation");
	});

	it("answers arbitrary bad bodies with the v1 error envelope, never a 500", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		for (const url of ["/conversation/start", "/conversation/input", "/webhooks", "/pusher/auth"]) {
			await fc.assert(
				fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ session_id: fc.string(), user_input: fc.anything(), context: fc.jsonValue() }, { requiredKeys: [] })), async (body) => {
					const res = await t.request({ method: "POST", url: `/api/v1/roblox${url}`, token: teacher.token, headers: { "content-type": "application/json" }, payload: JSON.stringify(body) ?? "null" });
					expect(res.statusCode, `${url} ${JSON.stringify(body)}`).toBeLessThan(500);
					if (res.statusCode >= 400) expect(res.json().error).toMatchObject({ code: expect.any(String), requestId: expect.any(String) });
				}),
				{ numRuns: 40 },
			);
		}
	});
});
