import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, startServerProcess, type ServerProcess } from "../helpers/serverProcess.js";
import { TEST_DB_KIND } from "../helpers/testDatabase.js";

/**
 * The real server process, started as `npm start` starts it (`node dist/main.js start`, one
 * process so a kill -9 hits the server itself) on a temporary DATA_DIR with PORT=0: what an
 * operator sees when a second server starts on the same directory, and when the first start
 * is killed.
 */
beforeAll(() => {
	if (TEST_DB_KIND === "pglite") buildServer();
});
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
	for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
	for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// Start-up on a busy 2-core machine takes seconds; these bounds keep a stuck start from hanging the suite.
const READY_TIMEOUT_MS = 90_000;

describe.runIf(TEST_DB_KIND === "pglite")("one server per DATA_DIR (real process)", () => {
	it("first starts killed with SIGKILL at 1, 2, 3 and 4 s leave a DATA_DIR the next start opens; a second server is refused; a killed server's lock is taken over", async () => {
		// Each start below is killed before it finishes (start-up takes longer than 4 s), so every
		// kill interrupts a first start (imports, initdb, migrations) and the next start must
		// get past whatever it left behind: a half-made directory would make it abort.
		const dir = dataDir();
		for (const seconds of [1, 2, 3, 4]) {
			const start = startServer(dir);
			await delay(seconds * 1000);
			expect(start.child.exitCode, `the start after the previous kill died on its own:\n${start.output()}`).toBeNull();
			start.child.kill("SIGKILL");
			await start.exited;
			expect(start.child.signalCode).toBe("SIGKILL");
		}
		const first = startServer(dir);
		const port = await first.ready;
		expect((await fetch(`http://127.0.0.1:${port}/v2/health`)).status, first.output()).toBe(200);
		expect(readdirSync(dir).filter((name) => name.startsWith("pglite.init-"))).toEqual([]);

		const second = startServer(dir);
		expect(await second.exited).toBe(1);
		const refusal = second.output();
		expect(refusal).toContain(`pid ${first.child.pid}`);
		expect(refusal).toContain(`port ${port}`);
		expect(refusal).toMatch(/started \d{4}-\d\d-\d\dT/);
		expect(refusal).not.toMatch(/\n\s+at /); // one clear message, no stack trace
		expect((await fetch(`http://127.0.0.1:${port}/v2/health`)).status).toBe(200);

		first.child.kill("SIGKILL");
		await first.exited;
		const holder = JSON.parse(readFileSync(join(dir, "server.lock"), "utf8")) as { pid: number };
		expect(holder.pid).toBe(first.child.pid); // the dead server's lock is still there...
		const third = startServer(dir);
		const thirdPort = await third.ready; // ...and taken over at once
		expect((await fetch(`http://127.0.0.1:${thirdPort}/v2/health`)).status).toBe(200);
		third.child.kill("SIGTERM");
		expect(await third.exited, third.output()).toBe(0);
		expect(existsSync(join(dir, "server.lock")), "the lock is released on a clean stop").toBe(false);
	}, 3 * READY_TIMEOUT_MS);
});

function dataDir(): string {
	const dir = mkdtempSync(join(tmpdir(), "classroom-datadir-"));
	dirs.push(dir);
	return dir;
}

function startServer(dir: string): ServerProcess {
	const started = startServerProcess({ DATA_DIR: dir, DATABASE_URL: "", REDIS_URL: "", ADMIN_PASSWORD: "process-test-password" }, { readyTimeoutMs: READY_TIMEOUT_MS });
	children.push(started.child);
	return started;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
