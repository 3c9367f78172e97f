import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, callServer, startServerProcess, type ServerProcess } from "../helpers/serverProcess.js";
import { openTestDatabase, TEST_DB_KIND } from "../helpers/testDatabase.js";

/**
 * A generation whose job was lost (the embedded queue lives in the server process; a restart
 * drops it) stayed `in_progress` for good, and its session refused every later generation with
 * 409. Real server processes on one PostgreSQL database: the first runs a generation, which is
 * then put back to "in progress, started an hour ago" as a process killed mid-generation would
 * leave it; the next process to start marks it failed and the session can generate again.
 */
const ADMIN = { email: "stale-admin@example.test", password: "stale admin password 1" };
const CONTEXT = { subject: "Mathematics", grade_level: 5, learning_objectives: ["add fractions"], environment_type: "classroom", interactive_elements: ["quiz_board"] };

describe.runIf(TEST_DB_KIND === "postgres")("generations whose job was lost", () => {
	let database: Awaited<ReturnType<typeof openTestDatabase>>;
	let dir: string;
	const running: ServerProcess[] = [];

	beforeAll(async () => {
		buildServer();
		database = await openTestDatabase();
		dir = mkdtempSync(join(tmpdir(), "stale-gen-"));
	}, 120_000);

	afterAll(async () => {
		await Promise.all(running.map((server) => server.stop()));
		await database?.close();
		rmSync(dir, { recursive: true, force: true });
	});

	const start = () => {
		const server = startServerProcess({ DATABASE_URL: database.url!, DATA_DIR: join(dir, `data-${running.length}`), ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, JWT_SECRET: "stale-generation-secret-0123456789abcdef", CREDENTIALS_KEY: "ab".repeat(32) });
		running.push(server);
		return server;
	};

	async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms: number): Promise<T> {
		for (const deadline = Date.now() + ms; ; await new Promise((r) => setTimeout(r, 250))) {
			const value = await read();
			if (done(value) || Date.now() > deadline) return value;
		}
	}

	it("is marked failed by the next process to start, and the session generates again", async () => {
		const first = start();
		const port = await first.ready;
		const token = (await callServer(port, "POST", "/v2/auth/login", undefined, ADMIN)).json.data.access_token as string;
		const sid = (await callServer(port, "POST", "/api/v1/roblox/conversation/start", token, { context: CONTEXT })).json.session_id as string;
		const generate = () => callServer(port, "POST", "/api/v1/roblox/conversation/generate", token, { session_id: sid, requirements: { difficulty: "easy" } });
		const started = await generate();
		expect(started.status, JSON.stringify(started.json)).toBeLessThan(300);
		const id = started.json.generation_id as string;
		const status = (p: number) => callServer(p, "GET", `/api/v1/roblox/conversation/generations/${id}`, token).then((res) => res.json);
		expect((await until(() => status(port), (s) => s.status !== "in_progress", 30_000)).status).toBe("completed");
		expect(await first.stop()).toBe(0);

		// As a process killed mid-generation leaves it.
		await database.db.execute(sql`update roblox_generations set status = 'in_progress', completed_at = null, created_at = now() - interval '1 hour' where id = ${id}`);

		const second = start();
		const port2 = await second.ready;
		const after = await until(() => status(port2), (s) => s.status !== "in_progress", 10_000);
		expect(after).toMatchObject({ status: "failed", completed_at: expect.any(String) });
		expect(after.error).toMatch(/^GENERATION_INTERRUPTED: /);
		const again = await callServer(port2, "POST", "/api/v1/roblox/conversation/generate", token, { session_id: sid, requirements: { difficulty: "easy" } });
		expect(again.status, JSON.stringify(again.json)).toBeLessThan(300);
	}, 180_000);

	it("leaves a generation that is still within its time alone", async () => {
		const port = await running.at(-1)!.ready;
		const token = (await callServer(port, "POST", "/v2/auth/login", undefined, ADMIN)).json.data.access_token as string;
		const sid = (await callServer(port, "POST", "/api/v1/roblox/conversation/start", token, { context: CONTEXT })).json.session_id as string;
		const started = await callServer(port, "POST", "/api/v1/roblox/conversation/generate", token, { session_id: sid, requirements: { difficulty: "easy" } });
		const id = started.json.generation_id as string;
		const status = () => callServer(port, "GET", `/api/v1/roblox/conversation/generations/${id}`, token).then((res) => res.json);
		expect((await until(status, (s) => s.status !== "in_progress", 30_000)).status).toBe("completed");
		// Running for five minutes (of the default 30): a restart must not fail it.
		await database.db.execute(sql`update roblox_generations set status = 'in_progress', completed_at = null, created_at = now() - interval '5 minutes' where id = ${id}`);
		expect(await running.at(-1)!.stop()).toBe(0);
		const third = start();
		const port3 = await third.ready;
		await new Promise((r) => setTimeout(r, 1_000));
		expect((await callServer(port3, "GET", `/api/v1/roblox/conversation/generations/${id}`, token)).json.status).toBe("in_progress");
	}, 180_000);
});
