import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, callServer, startServerProcess, type ServerProcess } from "../helpers/serverProcess.js";
import { startWebhookReceiver, type WebhookReceiver } from "./standins.js";

/**
 * A webhook delivery outlives the job that carried it. The embedded job queue lives in the
 * server process, so a restart used to drop every delivery still waiting to retry: its row
 * stayed `retrying` and nothing sent it again. Two real server processes, one after the other,
 * on the same DATA_DIR: the first gets a 503 from the receiver and schedules its retry 10
 * minutes out, then stops; the second finds the row at start and delivers it.
 */
const ADMIN = { email: "redrive-admin@example.test", password: "redrive admin password 1" };
let dir: string;
let receiver: WebhookReceiver;
const running: ServerProcess[] = [];

beforeAll(async () => {
	buildServer();
	dir = mkdtempSync(join(tmpdir(), "redrive-"));
	receiver = await startWebhookReceiver();
}, 120_000);

afterAll(async () => {
	await Promise.all(running.map((server) => server.stop()));
	await receiver.close();
	rmSync(dir, { recursive: true, force: true });
});

function start(env: Record<string, string>): ServerProcess {
	const server = startServerProcess({
		DATA_DIR: join(dir, "data"),
		ADMIN_EMAIL: ADMIN.email,
		ADMIN_PASSWORD: ADMIN.password,
		OUTBOUND_ALLOW_LOOPBACK: "true",
		ROBLOX_WEBHOOK_RETRY_BASE_MS: "600000",
		...env,
	});
	running.push(server);
	return server;
}

async function until(predicate: () => boolean | Promise<boolean>, ms: number): Promise<void> {
	for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) if (await predicate()) return;
	throw new Error(`not within ${ms} ms`);
}

describe("webhook deliveries across a restart (embedded job queue)", () => {
	it("delivers after a restart what the stopped process had scheduled to retry", async () => {
		receiver.failures.push(503);
		const first = start({ ROBLOX_WEBHOOK_REDRIVE_SECONDS: "3600" });
		const port = await first.ready;
		const token = (await callServer(port, "POST", "/v2/auth/login", undefined, ADMIN)).json.data.access_token as string;
		const hook = await callServer(port, "POST", "/api/v1/roblox/webhooks", token, { url: receiver.url, events: ["generation.complete"], secret: "redrive-secret-0123456789" });
		expect(hook.status, JSON.stringify(hook.json)).toBeLessThan(300);
		const hookId = hook.json.id as string;
		const context = { subject: "Mathematics", grade_level: 5, learning_objectives: ["add fractions"], environment_type: "classroom", interactive_elements: ["quiz_board"] };
		const sid = (await callServer(port, "POST", "/api/v1/roblox/conversation/start", token, { context })).json.session_id as string;
		const generate = await callServer(port, "POST", "/api/v1/roblox/conversation/generate", token, { session_id: sid, requirements: { difficulty: "easy" } });
		expect(generate.status, JSON.stringify(generate.json)).toBeLessThan(300);

		await until(() => receiver.received.length === 1, 30_000);
		const deliveries = async (p: number) => (await callServer(p, "GET", `/api/v1/roblox/webhooks/${hookId}/deliveries`, token)).json.deliveries as Record<string, unknown>[];
		await until(async () => (await deliveries(port))[0]?.status === "retrying", 5_000);
		expect(await first.stop()).toBe(0);

		// The retry was 10 minutes out; the next process delivers it at start, as its second attempt.
		const second = start({ ROBLOX_WEBHOOK_REDRIVE_SECONDS: "1" });
		const port2 = await second.ready;
		await until(() => receiver.received.length === 2, 30_000);
		const [failed, delivered] = receiver.received;
		expect(delivered.headers["x-webhook-id"]).toBe(failed.headers["x-webhook-id"]);
		expect(delivered.headers["x-signature"]).toBe(failed.headers["x-signature"]);
		expect(delivered.body).toBe(failed.body);
		await until(async () => (await deliveries(port2))[0]?.status === "delivered", 5_000);
		expect((await deliveries(port2))[0]).toMatchObject({ status: "delivered", attempts: 2, response_status: 200 });

		// Delivered once: later sweeps leave it alone.
		await new Promise((r) => setTimeout(r, 2_500));
		expect(receiver.received).toHaveLength(2);
	}, 180_000);
});
