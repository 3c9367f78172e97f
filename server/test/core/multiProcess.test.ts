import { createHmac, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { WebSocket } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthEpochs } from "../../src/http/authEpochs.js";
import { TokenService } from "../../src/http/tokens.js";
import { schools, users, type Role, type Tier } from "../../src/db/tables.js";
import { createHub } from "../../src/realtime/hub.js";
import { hashPassword } from "../../src/security/passwords.js";
import { startWebhookReceiver, type WebhookReceiver } from "../roblox/standins.js";
import { buildServer, startServerProcess, type ServerProcess } from "../helpers/serverProcess.js";
import { openTestDatabase, TEST_DB_KIND } from "../helpers/testDatabase.js";
import { TEST_REDIS_URL, redisReachable } from "../helpers/testRedis.js";

/**
 * Two real server processes (started as `npm start` starts one) on one PostgreSQL database and
 * one Redis, each with its own DATA_DIR (as on two machines), started at the same moment on the
 * empty database; plus a WORKERS=2 cluster on a second empty database. Every assertion goes
 * through HTTP or WebSocket to one process or the other.
 */
const FAKE_ROJO = fileURLToPath(new URL("../roblox/fixtures/fake-rojo.mjs", import.meta.url));
const PER_USER_LIMIT = 5;
/** The conversation of roblox/flow.test.ts, from greeting to the generation stage. */
const STEPS = ["Hi! It's for my 5th grade class.", "I want students to practice adding fractions and comparing decimals", "Let's use a space theme", "A classroom please", "with quiz boards", "Medium difficulty with 4 questions", "yes, looks good"];
const KEY_FAILURES_PER_IP = 3;

const available = TEST_DB_KIND === "postgres" && (await redisReachable());
if (TEST_DB_KIND === "postgres" && !available) console.warn(`[tests] Redis not reachable at ${TEST_REDIS_URL}: SKIPPING the multi-process tests`);

describe.runIf(available)("two server processes on one PostgreSQL and Redis", () => {
	const prefix = `mp${randomBytes(4).toString("hex")}:`;
	const secrets = { JWT_SECRET: randomBytes(24).toString("hex"), CREDENTIALS_KEY: randomBytes(32).toString("hex") };
	const dirs: string[] = [];
	const processes: ServerProcess[] = [];
	let database: Awaited<ReturnType<typeof openTestDatabase>>;
	let clusterDatabase: Awaited<ReturnType<typeof openTestDatabase>>;
	let hooks: WebhookReceiver;
	let a: ServerProcess, b: ServerProcess, workers: ServerProcess, stray: ServerProcess;
	let urlA: string, urlB: string, clusterUrl: string;

	const env = (url: string, extra: Record<string, string> = {}) => ({
		DATABASE_URL: url,
		REDIS_URL: TEST_REDIS_URL,
		REDIS_KEY_PREFIX: prefix,
		DATA_DIR: tempDir(),
		ADMIN_PASSWORD: "multi-process-admin",
		RATE_LIMIT_STANDARD: String(PER_USER_LIMIT),
		RATE_LIMIT_ANONYMOUS: "100000",
		RATE_LIMIT_GENERATION_PER_MINUTE: "100000",
		RATE_LIMIT_DATA_PER_MINUTE: "100000",
		RATE_LIMIT_ANALYTICS_PER_MINUTE: "100000",
		RATE_LIMIT_BURST_PER_SECOND: "100000",
		LICENSING_KEY_FAILURES_PER_IP: String(KEY_FAILURES_PER_IP),
		ROJO_BIN: FAKE_ROJO,
		ROJO_BASE_PORT: String(42000 + Math.floor(Math.random() * 20000)),
		OUTBOUND_ALLOW_LOOPBACK: "true",
		...extra,
	});

	beforeAll(async () => {
		buildServer();
		[database, clusterDatabase, hooks] = await Promise.all([openTestDatabase(), openTestDatabase(), startWebhookReceiver()]);
		// All at the same moment, on empty databases: both pairs race through migrations,
		// the secrets' fingerprint and the first admin.
		a = track(startServerProcess({ ...env(database.url!), ...secrets }));
		b = track(startServerProcess({ ...env(database.url!), ...secrets }));
		// Its own key prefix: its job workers must not take the pair's jobs (they are on another database).
		workers = track(startServerProcess({ ...env(clusterDatabase.url!, { REDIS_KEY_PREFIX: `${prefix}cluster:` }), ...secrets, WORKERS: "2" }));
		const [portA, portB, clusterPort] = await Promise.all([a.ready, b.ready, workers.ready]);
		[urlA, urlB, clusterUrl] = [portA, portB, clusterPort].map((port) => `http://127.0.0.1:${port}`);
		// Started now that the secrets are on record; its refusal is awaited by the last test.
		stray = track(startServerProcess(env(database.url!, { JWT_SECRET: "", CREDENTIALS_KEY: "" })));
	}, 120_000);

	afterAll(async () => {
		await Promise.all(processes.map((p) => p.stop(5000)));
		await hooks?.close();
		await database?.close();
		await clusterDatabase?.close();
		const redis = new Redis(TEST_REDIS_URL);
		const keys = await redis.keys(`${prefix}*`);
		if (keys.length) await redis.del(...keys);
		redis.disconnect();
		for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
	}, 30_000);

	it("both came up on the empty database started together; one created the admin", () => {
		const announced = [a, b].filter((p) => p.output().includes("Created the first admin"));
		expect(announced).toHaveLength(1);
		expect(a.output() + b.output()).not.toMatch(/\n\s+at /);
	});

	it("WORKERS=2 runs two server processes behind one port and prints the banner once", async () => {
		expect((await fetch(`${clusterUrl}/v2/health`)).status).toBe(200);
		expect(workers.output().match(/Classroom backend ready/g)).toHaveLength(1);
		expect(workers.output()).toContain("in 2 processes");
		expect(serverChildren(workers.child.pid!)).toHaveLength(2);
		const answers = await Promise.all(Array.from({ length: 6 }, () => fetch(`${clusterUrl}/v2/health`).then((r) => r.json() as Promise<{ data: { uptime_seconds: number } }>)));
		expect(answers.every((body) => typeof body.data.uptime_seconds === "number")).toBe(true);
	});

	it("enforces a per-user limit of N as N across both processes", async () => {
		const student = await createUser("student", "standard");
		const statuses: number[] = [];
		for (let i = 0; i <= PER_USER_LIMIT; i++) statuses.push((await get(i % 2 ? urlB : urlA, "/v2/users/me", student.token)).status);
		expect(statuses).toEqual([...Array(PER_USER_LIMIT).fill(200), 429]);
	});

	it("accepts a token minted for one process on the other, and replays an Idempotency-Key across them", async () => {
		const teacher = await createUser("teacher", "premium");
		const student = await createUser("student", "premium");
		const headers = { "idempotency-key": `mp-${randomBytes(6).toString("hex")}` };
		const first = await post(urlA, "/v2/messages", teacher.token, { recipient_id: student.id, body: "Homework" }, headers);
		expect(first.status).toBe(201);
		const retry = await post(urlB, "/v2/messages", teacher.token, { recipient_id: student.id, body: "Homework" }, headers);
		expect(retry.status).toBe(201);
		expect(retry.headers.get("idempotent-replayed")).toBe("true");
		expect(await retry.json()).toEqual(await first.json());
	});

	it("delivers realtime events caused on B to a WebSocket on A; a job enqueued on A runs once; the project is served by either process", async () => {
		const teacher = await createUser("teacher", "premium");
		// The webhook secret is sealed by B and opened by whichever process delivers.
		const hook = await post(urlB, "/api/v1/roblox/webhooks", teacher.token, { url: hooks.url, events: ["generation.complete"], secret: "multi-process-secret-01" });
		expect(hook.status).toBe(201);
		const started = await post(urlB, "/api/v1/roblox/conversation/start", teacher.token, { user_id: "user_1", initial_message: "I want to create a math learning environment" });
		const sid = ((await started.json()) as { session_id: string }).session_id;
		const socket = await openSocket(urlA, teacher.token, [`private-roblox-conversation-${sid}`]);
		try {
			for (const text of STEPS) {
				expect((await post(urlB, "/api/v1/roblox/conversation/input", teacher.token, { session_id: sid, user_input: text })).status).toBe(200);
			}
			await socket.until((events) => events.some((e) => e.event === "stage-changed" && e.data?.stage === "generation"));

			const generated = await post(urlA, "/api/v1/roblox/conversation/generate", teacher.token, { session_id: sid });
			expect(generated.status).toBe(202);
			const { project_id: projectId } = (await generated.json()) as { project_id: string };
			await socket.until((events) => events.some((e) => e.event === "generation-complete"));
			await until(() => hooks.received.some((r) => r.body.includes(projectId)));
			await new Promise((resolve) => setTimeout(resolve, 500)); // room for a second run to show up
			const deliveries = hooks.received.filter((r) => r.body.includes(projectId));
			expect(deliveries).toHaveLength(1);
			expect(deliveries[0].headers["x-signature"]).toBe(`sha256=${createHmac("sha256", "multi-process-secret-01").update(deliveries[0].body).digest("hex")}`);
			expect(socket.events.filter((e) => e.event === "generation-complete")).toHaveLength(1);

			// Whichever process generated it, its disk no longer has it (another machine's disk):
			// both processes serve the project from the database's copy.
			for (const dir of dirs) rmSync(join(dir, "rojo-projects", projectId), { recursive: true, force: true });
			for (const url of [urlA, urlB]) {
				const serve = await post(url, `/api/v1/roblox/rojo/projects/${projectId}/start`, teacher.token, {});
				const body = (await serve.json()) as { status: string; path: string };
				expect(serve.status, JSON.stringify(body)).toBe(200);
				expect(body.status).toBe("running");
				expect(existsSync(join(body.path, "default.project.json"))).toBe(true);
				expect((await post(url, `/api/v1/roblox/rojo/projects/${projectId}/stop`, teacher.token, {})).status).toBe(200);
			}
		} finally {
			socket.close();
		}
	});

	it("answers a disconnect made on one process on the other within 2 s, and shares the licence-key guessing budget", async () => {
		const teacher = await createUser("teacher", "premium");
		const project = (await (await post(urlA, "/licensing/projects", teacher.token, { name: "Framework" })).json()) as { owner_key: { key: string } };
		const ownerKey = project.owner_key.key;
		const script = (await (await post(urlB, "/licensing/scripts", ownerKey, { name: "Classroom" })).json()) as { script: { id: string } };
		const scriptId = script.script.id;
		const key = ((await (await post(urlA, `/licensing/scripts/${scriptId}/keys`, ownerKey, {})).json()) as { key: { key: string } }).key.key;
		const place = { script_id: scriptId, version: 1, place_id: 606849621, job_id: "job-mp", roblox_id: 10234711811 };
		const verified = await post(urlA, "/licensing/game/verify", undefined, { ...place, key });
		const sessionId = ((await verified.json()) as { session_id: string }).session_id;
		const heartbeat = async () => ((await (await post(urlB, "/licensing/game/heartbeat", undefined, { session_id: sessionId })).json()) as { status: string; reason: string | null });
		expect(await heartbeat()).toMatchObject({ status: "ok" }); // B now holds the session in its cache

		expect((await post(urlA, `/licensing/scripts/${scriptId}/sessions/${sessionId}/disconnect`, ownerKey, {})).status).toBe(200);
		const disconnectedAt = performance.now();
		let answer = await heartbeat();
		while (answer.status === "ok" && performance.now() - disconnectedAt < 5000) answer = await heartbeat();
		expect(performance.now() - disconnectedAt).toBeLessThan(2000);
		expect(answer).toMatchObject({ status: "terminate", reason: "disconnected" });

		const statuses: number[] = [];
		for (let i = 0; i <= KEY_FAILURES_PER_IP; i++) statuses.push((await post(i % 2 ? urlB : urlA, "/licensing/game/verify", undefined, { ...place, key: `lk_wrong-${i}` })).status);
		expect(statuses).toEqual([...Array(KEY_FAILURES_PER_IP).fill(401), 429]);
		expect((await post(urlB, "/licensing/game/verify", undefined, { ...place, key })).status).toBe(200); // a valid key still verifies
	});

	it("refuses to start a process without the shared secrets, naming the variables", async () => {
		expect(await stray.exited).toBe(1);
		expect(stray.output()).toContain("JWT_SECRET and CREDENTIALS_KEY differ");
		expect(stray.output()).toContain("Set JWT_SECRET and CREDENTIALS_KEY to the same values on every process");
		expect(stray.output()).not.toMatch(/\n\s+at /);
		expect((await fetch(`${urlA}/v2/health`)).status).toBe(200);
	});

	function track(p: ServerProcess): ServerProcess {
		processes.push(p);
		return p;
	}

	function tempDir(): string {
		const dir = mkdtempSync(join(tmpdir(), "classroom-mp-"));
		dirs.push(dir);
		return dir;
	}

	let tokens: TokenService | undefined;
	let counter = 0;
	async function createUser(role: Role, tier: Tier): Promise<{ id: string; token: string }> {
		const db = database.db;
		tokens ??= new TokenService(db, secrets.JWT_SECRET, 900, 3600, new AuthEpochs(db, createHub()));
		const [school] = await db.select({ id: schools.id }).from(schools).limit(1);
		const schoolId = school?.id ?? (await db.insert(schools).values({ name: "Multi-process school" }).returning())[0].id;
		const n = ++counter;
		const [row] = await db
			.insert(users)
			.values({ email: role === "student" ? null : `mp${n}@example.test`, username: `${role}${n}`, displayName: `${role} ${n}`, passwordHash: await hashPassword("irrelevant-password"), role, schoolId, tier })
			.returning();
		const pair = await tokens.issue({ id: row.id, role, schoolId, tier, epoch: 0 });
		return { id: row.id, token: pair.access_token };
	}
});

async function get(base: string, path: string, token: string): Promise<Response> {
	return fetch(base + path, { headers: { authorization: `Bearer ${token}` } });
}

async function post(base: string, path: string, token: string | undefined, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
	return fetch(base + path, {
		method: "POST",
		headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
		body: JSON.stringify(body),
	});
}

interface SocketEvent {
	type: string;
	channel?: string;
	event?: string;
	data?: Record<string, unknown>;
}

async function openSocket(base: string, token: string, channels: string[]) {
	const ws = new WebSocket(`${base.replace("http", "ws")}/api/v1/roblox/ws?token=${token}`);
	const messages: SocketEvent[] = [];
	ws.addEventListener("message", (event) => messages.push(JSON.parse(String(event.data))));
	const socket = {
		get events() {
			return messages.filter((m) => m.type === "event");
		},
		until: (predicate: (events: SocketEvent[]) => boolean) => until(() => predicate(socket.events)),
		close: () => ws.close(),
	};
	await until(() => messages.some((m) => m.type === "authenticated"));
	for (const channel of channels) {
		ws.send(JSON.stringify({ type: "subscribe", channel }));
		await until(() => messages.some((m) => m.type === "subscribed" && m.channel === channel));
	}
	return socket;
}

async function until(predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	while (!predicate()) {
		if (performance.now() > deadline) throw new Error("timed out waiting");
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** The server processes (not helpers such as esbuild) whose parent is `pid`. */
function serverChildren(pid: number): number[] {
	return readdirSync("/proc")
		.filter((name) => /^\d+$/.test(name))
		.filter((name) => {
			try {
				const parent = readFileSync(`/proc/${name}/stat`, "utf8").split(") ")[1].split(" ")[1];
				return parent === String(pid) && readFileSync(`/proc/${name}/cmdline`, "utf8").includes("main");
			} catch {
				return false;
			}
		})
		.map(Number);
}

