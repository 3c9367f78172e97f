import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer, Socket, type AddressInfo, type Server } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { schools, users } from "../../src/db/tables.js";
import { createCoreServices } from "../../src/services.js";
import { TEST_DB_KIND, TEST_POSTGRES_URL } from "../helpers/testDatabase.js";

/**
 * PostgreSQL going away under a running server, through a loopback TCP proxy the test cuts:
 * every area answers 503 SERVICE_UNAVAILABLE in its own envelope with Retry-After, promptly,
 * health answers 503, and all recovers when the database is back.
 */
describe.runIf(TEST_DB_KIND === "postgres")("database outage (PostgreSQL behind a proxy the test controls)", () => {
	const name = `classroom_outage_${randomBytes(6).toString("hex")}`;
	let proxy: CuttableProxy;
	let app: FastifyInstance;
	let close: () => Promise<void>;
	let teacherToken: string;

	beforeAll(async () => {
		const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database ${name}`);
		await admin.end();
		const upstream = new URL(TEST_POSTGRES_URL);
		proxy = await startProxy(upstream.hostname, Number(upstream.port || 5432));
		const viaProxy = new URL(TEST_POSTGRES_URL);
		viaProxy.host = `127.0.0.1:${proxy.port}`;
		viaProxy.pathname = `/${name}`;
		const config = loadConfig({
			DATABASE_URL: viaProxy.toString(),
			DB_CONNECT_TIMEOUT_SECONDS: "1",
			LOG_LEVEL: "silent",
			JWT_SECRET: "test-secret-test-secret-test-secret-0123",
			CREDENTIALS_KEY: "0".repeat(63) + "1",
		});
		const services = await createCoreServices(config);
		app = await buildApp(services);
		await app.ready();
		const db = services.database.db;
		const [school] = await db.insert(schools).values({ name: "Outage school" }).returning();
		const [teacher] = await db.insert(users).values({ email: "t@outage.test", username: "t-outage", displayName: "T", role: "teacher", schoolId: school.id }).returning();
		teacherToken = (await services.tokens.issue({ id: teacher.id, role: "teacher", schoolId: school.id, tier: "standard" })).access_token;
		close = async () => {
			await app.close();
			await services.close();
		};
	});
	afterAll(async () => {
		await close?.();
		await proxy?.close();
		const cleanup = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
		await cleanup.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
		await cleanup.end();
	});

	const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
	// One database-backed request per area, each with the credentials that area reads from the database.
	const probes = () => [
		{ area: "platform", method: "GET" as const, url: "/v2/messages", headers: bearer(teacherToken), code: (b: any) => b.success === false && b.error.code },
		{ area: "classroom", method: "GET" as const, url: "/v2/roblox/sessions/00000000-0000-4000-8000-000000000000", headers: bearer("place_0123456789abcdef0123456789abcdef"), code: (b: any) => typeof b.error.requestId === "string" && b.error.code },
		{ area: "roblox v1", method: "GET" as const, url: "/api/v1/roblox/cloud/assets/123", headers: bearer(teacherToken), code: (b: any) => typeof b.error.timestamp === "string" && b.error.code },
		{ area: "licensing", method: "GET" as const, url: "/licensing/scripts", headers: { "x-api-key": "lo_0123456789abcdef0123456789abcdef" }, code: (b: any) => b.success === false && b.error.code },
		{ area: "bot", method: "GET" as const, url: "/bot/getgroupmembers", headers: bearer("praun_0123456789abcdef0123456789abcdef"), code: (b: any) => b.success === false && b.error.code },
	];

	it("is healthy through the proxy", async () => {
		const health = await app.inject({ method: "GET", url: "/v2/health" });
		expect(health.statusCode, health.body).toBe(200);
		expect(health.json().data.checks.database).toBe("ok");
	});

	for (const mode of ["refuse", "blackhole"] as const) {
		it(`database ${mode === "refuse" ? "down (connections refused)" : "hanging (connections accepted, never answered)"}: 503 + Retry-After in each area's envelope within seconds, health 503; recovers after`, async () => {
			proxy.cut(mode);
			try {
				for (const probe of probes()) {
					const started = Date.now();
					const res = await app.inject({ method: probe.method, url: probe.url, headers: probe.headers });
					const elapsed = Date.now() - started;
					expect(res.statusCode, `${probe.area}: ${res.body}`).toBe(503);
					expect(probe.code(res.json()), `${probe.area}: ${res.body}`).toBe("SERVICE_UNAVAILABLE");
					expect(Number(res.headers["retry-after"]), probe.area).toBeGreaterThan(0);
					expect(elapsed, probe.area).toBeLessThan(8_000);
				}
				const started = Date.now();
				const health = await app.inject({ method: "GET", url: "/v2/health" });
				expect(health.statusCode, health.body).toBe(503);
				expect(health.json()).toMatchObject({ data: { status: "degraded", checks: { database: "unreachable" } } });
				expect(health.headers["retry-after"]).toBeDefined();
				expect(Date.now() - started).toBeLessThan(5_000);
			} finally {
				proxy.restore();
			}
			await expect.poll(async () => (await app.inject({ method: "GET", url: "/v2/health" })).statusCode, { timeout: 15_000, interval: 250 }).toBe(200);
			const messages = await app.inject({ method: "GET", url: "/v2/messages", headers: bearer(teacherToken) });
			expect(messages.statusCode, messages.body).toBe(200);
		});
	}
});

describe.runIf(TEST_DB_KIND === "pglite")("PostgreSQL unreachable at start (real process)", () => {
	it("exits 1 with one line naming the database, no stack trace", async () => {
		const closed = await closedPort();
		const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
		const child = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts", "start"], {
			cwd: root,
			env: { ...process.env, PORT: "0", DATABASE_URL: `postgres://someone:secret-password@127.0.0.1:${closed}/classroom`, DB_CONNECT_TIMEOUT_SECONDS: "2", LOG_LEVEL: "warn", REDIS_URL: "" },
			stdio: ["ignore", "pipe", "pipe"],
		});
		let output = "";
		child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
		const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
		const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
		clearTimeout(timer);
		expect(code, output).toBe(1);
		const lines = output.trim().split("\n");
		expect(lines, output).toHaveLength(1);
		expect(lines[0]).toContain(`Cannot reach the database at 127.0.0.1:${closed}/classroom`);
		expect(lines[0]).toContain("ECONNREFUSED");
		expect(output).not.toContain("secret-password");
	}, 120_000);
});

interface CuttableProxy {
	port: number;
	/** refuse: drop every connection and close the port (PostgreSQL stopped); blackhole: accept and never answer (a hung network path). */
	cut(mode: "refuse" | "blackhole"): void;
	restore(): void;
	close(): Promise<void>;
}

async function startProxy(host: string, upstreamPort: number): Promise<CuttableProxy> {
	let mode: "open" | "refuse" | "blackhole" = "open";
	const sockets = new Set<Socket>();
	const track = (socket: Socket) => {
		sockets.add(socket);
		socket.on("close", () => sockets.delete(socket));
		socket.on("error", () => {});
	};
	const server: Server = createServer((client) => {
		track(client);
		if (mode === "blackhole") return; // held open, nothing forwarded
		const upstream = new Socket();
		track(upstream);
		upstream.connect(upstreamPort, host);
		client.on("close", () => upstream.destroy());
		upstream.on("close", () => client.destroy());
		client.pipe(upstream).pipe(client);
	});
	const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
	await listen(0);
	const port = (server.address() as AddressInfo).port;
	const dropAll = () => {
		for (const socket of sockets) socket.destroy();
	};
	return {
		port,
		cut(next) {
			mode = next;
			dropAll();
			// PostgreSQL stopped: the port refuses connections (the listener is closed).
			if (next === "refuse") server.close();
		},
		restore() {
			dropAll();
			if (mode === "refuse") void listen(port);
			mode = "open";
		},
		close: () =>
			new Promise<void>((resolve) => {
				dropAll();
				if (!server.listening) return resolve();
				server.close(() => resolve());
			}),
	};
}

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const port = (server.address() as AddressInfo).port;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
