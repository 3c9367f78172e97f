import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messages } from "../../src/modules/platform/messages/tables.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";
import { TEST_DB_KIND } from "../helpers/testDatabase.js";

/**
 * Embedded PGlite's write queue (db/writeQueue.ts), through HTTP: a write that cannot start
 * within PGLITE_WRITE_WAIT_MS answers 503 DATABASE_BUSY with Retry-After promptly and writes
 * nothing; writes queued together keep their own outcomes.
 */
const WAIT_MS = 1000;

describe.runIf(TEST_DB_KIND === "pglite")("PGlite write queue", () => {
	let t: TestApp;
	let teacher: { id: string; token: string };
	let student: { id: string; token: string };
	beforeAll(async () => {
		t = await startTestApp({ PGLITE_WRITE_WAIT_MS: String(WAIT_MS) });
		const school = await t.createSchool();
		teacher = await t.createUser({ role: "teacher", schoolId: school.id });
		student = await t.createUser({ role: "student", schoolId: school.id });
	});
	afterAll(() => t.close());

	const send = (body: string, recipient = student.id) => t.request({ method: "POST", url: "/v2/messages", token: teacher.token, payload: { recipient_id: recipient, body } });
	const sentBodies = async () => (await t.services.database.db.select({ body: messages.body }).from(messages)).map((r) => r.body);

	/** A transaction that keeps the database until released (as a slow write would). */
	function holdDatabase() {
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		const held = t.services.database.db.transaction(async (tx) => {
			await tx.execute(sql`select 1`);
			await released;
		});
		return { held, release };
	}

	it("answers 503 DATABASE_BUSY with Retry-After within the bound while a long transaction holds the database, and writes nothing", async () => {
		const { held, release } = holdDatabase();
		const started = performance.now();
		const refused = await send("while busy");
		const waited = performance.now() - started;
		release();
		await held;
		expect(refused.statusCode, refused.body).toBe(503);
		expect(refused.json().error.code).toBe("DATABASE_BUSY");
		expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
		expect(waited).toBeGreaterThanOrEqual(WAIT_MS - 20);
		expect(waited).toBeLessThan(WAIT_MS + 1500);
		expect(await sentBodies()).not.toContain("while busy");
		expect((await send("after")).statusCode).toBe(201);
	});

	it("commits writes that queued up together, each with its own outcome: a failing one does not undo the others", async () => {
		const { held, release } = holdDatabase();
		const bodies = Array.from({ length: 12 }, (_, i) => `queued ${i}`);
		const sending = Promise.all([...bodies.slice(0, 6).map((body) => send(body)), send("to nobody", "00000000-0000-4000-8000-000000000000"), ...bodies.slice(6).map((body) => send(body))]);
		await new Promise((resolve) => setTimeout(resolve, WAIT_MS / 4)); // they queue behind the held transaction
		release();
		await held;
		const answers = await sending;
		answers.push(answers.splice(6, 1)[0]);
		expect(answers.map((a) => a.statusCode)).toEqual([...bodies.map(() => 201), 404]);
		const stored = await sentBodies();
		for (const body of bodies) expect(stored.filter((b) => b === body)).toHaveLength(1);
		expect(stored).not.toContain("to nobody");
	});
});
