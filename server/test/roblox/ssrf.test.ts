import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/testApp.js";
import { startWebhookReceiver, type WebhookReceiver } from "./standins.js";

/**
 * Issue 17 finding 1: a teacher's webhook URL must not reach inside the network. The app runs
 * with OUTBOUND_ALLOW_LOOPBACK off (production), and a loopback receiver stands in for an
 * internal service: it must never be hit. DNS is faked for two names: one that resolves to
 * 127.0.0.1, and one that resolves to a public address when the webhook is saved and to
 * 127.0.0.1 when the delivery connects (DNS rebinding).
 */
const dir = mkdtempSync(join(tmpdir(), "roblox-ssrf-"));
let t: TestApp;
let internal: WebhookReceiver;
let rebound = false;
const PUBLIC: LookupAddress = { address: "93.184.216.34", family: 4 };
const LOOPBACK: LookupAddress = { address: "127.0.0.1", family: 4 };

async function resolve(hostname: string): Promise<LookupAddress[]> {
	if (hostname === "loopback.example.test") return [LOOPBACK];
	if (hostname === "mixed.example.test") return [PUBLIC, LOOPBACK];
	if (hostname === "rebind.example.test") return [rebound ? LOOPBACK : PUBLIC];
	return lookup(hostname, { all: true });
}

beforeAll(async () => {
	internal = await startWebhookReceiver();
	t = await startTestApp({ ROJO_BIN: join(dir, "no-such-rojo"), ROJO_PROJECTS_DIR: join(dir, "projects"), ROBLOX_WEBHOOK_RETRY_BASE_MS: "5", ROBLOX_WEBHOOK_MAX_ATTEMPTS: "3" }, { resolve });
});
afterAll(async () => {
	await t.close();
	await internal.close();
	rmSync(dir, { recursive: true, force: true });
});

const createHook = (token: string, url: string) =>
	t.request({ method: "POST", url: "/api/v1/roblox/webhooks", token, payload: { url, events: ["generation.complete"], secret: "ssrf-secret-0123456789" } });

describe("webhook URLs and the outbound policy (SSRF)", () => {
	it("refuses loopback in every spelling, private, link-local, CGNAT, multicast and ULA targets at creation", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const port = new URL(internal.url).port;
		const targets = [
			`http://127.0.0.1:${port}/`,
			`http://127.1:${port}/`,
			`http://2130706433:${port}/`,
			`http://0x7f000001:${port}/`,
			`http://0177.0.0.1:${port}/`,
			`http://[::ffff:127.0.0.1]:${port}/`,
			`http://[::1]:${port}/`,
			`http://localhost:${port}/`,
			`http://loopback.example.test:${port}/`,
			`http://mixed.example.test:${port}/`,
			"http://0.0.0.0/",
			"http://169.254.169.254/latest/meta-data/",
			"http://[::ffff:169.254.169.254]/",
			"http://[fe80::1]/",
			"http://10.0.0.5/",
			"http://172.16.0.1/",
			"http://192.168.1.1/",
			"http://100.64.0.1/",
			"http://224.0.0.1/",
			"http://[fd00::1]/",
		];
		for (const url of targets) {
			const res = await createHook(teacher.token, url);
			expect([url, res.statusCode, res.json().error?.code]).toEqual([url, 400, "URL_NOT_ALLOWED"]);
			expect(res.json().error.details).toMatchObject({ field: "url", reason: "forbidden_address" });
		}
		const withCredentials = await createHook(teacher.token, "http://user:pass@93.184.216.34/");
		expect(withCredentials.json().error).toMatchObject({ code: "URL_NOT_ALLOWED", details: { reason: "credentials" } });
		const list = (await t.request({ method: "GET", url: "/api/v1/roblox/webhooks", token: teacher.token })).json();
		expect(list.total).toBe(0);
		expect(internal.received).toHaveLength(0);
	});

	it("refuses at connect time a name that re-resolves to loopback after creation (DNS rebinding), without retrying or probing", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const port = new URL(internal.url).port;
		rebound = false;
		const hook = await createHook(teacher.token, `http://rebind.example.test:${port}/hook`);
		expect(hook.statusCode).toBe(201);
		rebound = true;

		const context = { subject: "Mathematics", grade_level: 5, learning_objectives: ["add fractions"], environment_type: "classroom", interactive_elements: ["quiz_board"], difficulty: "easy" };
		const sid = (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token: teacher.token, payload: { context } })).json().session_id;
		const generated = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token: teacher.token, payload: { session_id: sid } });
		expect(generated.statusCode).toBe(202);
		await t.services.jobs.idle();

		const log = (await t.request({ method: "GET", url: `/api/v1/roblox/webhooks/${hook.json().id}/deliveries`, token: teacher.token })).json();
		expect(log.deliveries).toHaveLength(1);
		expect(log.deliveries[0]).toMatchObject({ status: "failed", attempts: 1, response_status: null, last_error: "Destination not allowed" });
		expect(internal.received).toHaveLength(0);
	});
});
