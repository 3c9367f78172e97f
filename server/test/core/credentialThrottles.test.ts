import type { FastifyInstance } from "fastify";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { createCoreServices } from "../../src/services.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";
import { TEST_DB_KIND } from "../helpers/testDatabase.js";

// Issue 17 finding 7: random keys were never throttled on the classroom (place_...) and bot
// (praun_...) routes, each costing a database lookup, and one account could be guessed at from
// many addresses without any back-off.
let t: TestApp;
let now = Date.UTC(2026, 4, 4, 9, 0, 5);
const LIMIT = 100; // KEY_FAILURES_PER_IP_PER_MINUTE default
const ATTACKER = "10.66.0.1";

beforeAll(async () => {
	t = await startTestApp({ LOGIN_BACKOFF_MAX_SECONDS: "4" }, { clock: () => now });
});
afterAll(() => t.close());

const random = (prefix: string, i: number) => `${prefix}_${i.toString(16).padStart(8, "0")}${"r".repeat(32)}`;

/** Sends `count` random keys from one address; returns how many answered each status. */
async function flood(count: number, send: (key: string, ip: string) => Promise<number>, prefix: string) {
	const statuses: Record<number, number> = {};
	for (let i = 0; i < count; i++) {
		const status = await send(random(prefix, i), ATTACKER);
		statuses[status] = (statuses[status] ?? 0) + 1;
	}
	return statuses;
}

describe("place keys (classroom)", () => {
	it("answers 429 after the per-address limit of unknown keys; other addresses and known keys are unaffected", async () => {
		now += 60_000;
		const school = (await t.createSchool()).id;
		const teacher = await t.createUser({ role: "teacher", schoolId: school });
		const { key } = (await t.request({ method: "POST", url: "/v2/roblox/place-keys", token: teacher.token, payload: { universeId: "9", placeId: "99" } })).json();
		const probe = (k: string, ip: string) => t.request({ method: "GET", url: "/v2/roblox/places/99/content", token: k, remoteAddress: ip }).then((r) => r.statusCode);
		// A game server behind the attacker's address that already authenticated: 404 = authenticated, no lesson yet.
		expect(await probe(key, ATTACKER)).toBe(404);

		expect(await flood(LIMIT + 10, probe, "place")).toEqual({ 401: LIMIT, 429: 10 });
		const limited = await t.request({ method: "GET", url: "/v2/roblox/places/99/content", token: random("place", 999), remoteAddress: ATTACKER });
		expect(limited.json().error?.code ?? limited.json().code).toBe("RATE_LIMITED");
		expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
		expect(await probe(key, ATTACKER)).toBe(404);
		expect(await probe(random("place", 1000), "10.66.0.2")).toBe(401);
		now += 60_000;
		expect(await probe(random("place", 1001), ATTACKER)).toBe(401);
	});
});

describe("bot workspace keys", () => {
	it("answers 429 after the per-address limit of unknown keys", async () => {
		now += 60_000;
		const admin = await t.createUser({ role: "admin" });
		const tenant = (await t.request({ method: "POST", url: "/bot/admin/tenants", token: admin.token, payload: { name: "T" } })).json().data;
		const workspace = (await t.request({ method: "POST", url: "/bot/admin/workspaces", token: admin.token, payload: { tenantId: tenant.id, name: "W", robloxGroupId: "7", discordGuildIds: ["100000000000000001"] } })).json().data;
		const { key } = (await t.request({ method: "POST", url: `/bot/admin/workspaces/${workspace.id}/api-key`, token: admin.token })).json().data;
		const probe = (k: string, ip: string) =>
			t.app.inject({ method: "POST", url: "/bot/verification-sessions", payload: { discordUserId: "300000000000000001" }, headers: { authorization: `Bearer ${k}` }, remoteAddress: ip }).then((r) => r.statusCode);
		const known = await probe(key, ATTACKER);
		expect([401, 429]).not.toContain(known);
		expect(await flood(LIMIT + 10, probe, "praun")).toEqual({ 401: LIMIT, 429: 10 });
		expect(await probe(key, ATTACKER)).toBe(known);
		expect(await probe(random("praun", 1000), "10.66.0.2")).toBe(401);
	});
});

describe("licensing owner keys", () => {
	it("answers 429 after the per-address limit of unknown keys", async () => {
		now += 60_000;
		const probe = (k: string, ip: string) => t.request({ method: "GET", url: "/licensing/scripts", token: k, remoteAddress: ip }).then((r) => r.statusCode);
		expect(await flood(LIMIT + 5, probe, "lo")).toEqual({ 401: LIMIT, 429: 5 });
	});
});

describe("login back-off per account", () => {
	it("trips on guesses from 10 addresses, bounds the wait, and lets the owner in after it", async () => {
		now += 60_000;
		const school = (await t.createSchool()).id;
		const victim = await t.createUser({ role: "teacher", schoolId: school });
		const email = `${victim.username}@example.test`;
		const login = (password: string, ip: string) => t.request({ method: "POST", url: "/v2/auth/login", payload: { email, password }, remoteAddress: ip });

		// The report's attack: 200 guesses on one account from 10 addresses.
		const statuses: Record<number, number> = {};
		for (let i = 0; i < 200; i++) {
			const res = await login(`guess-${i}`, `10.77.0.${i % 10}`);
			statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
		}
		// 5 free failures, then the 6th starts a wait: everything else is refused unchecked.
		expect(statuses).toEqual({ 401: 6, 429: 194 });
		const waiting = await login("correct horse battery staple", "10.1.2.3");
		expect(waiting.statusCode).toBe(429);
		const retryAfter = Number(waiting.headers["retry-after"]);
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(4);

		// Each further failure doubles the wait, but never beyond LOGIN_BACKOFF_MAX_SECONDS (4 s here).
		for (let i = 0; i < 5; i++) {
			now += 4_000;
			// (fresh addresses: the flood used up each of the 10 addresses' 20 logins a minute)
			expect((await login(`late-guess-${i}`, `10.78.0.${i}`)).statusCode).toBe(401);
			expect(Number((await login("x", `10.79.0.${i}`)).headers["retry-after"])).toBeLessThanOrEqual(4);
		}
		// The owner gets in once the bounded wait is over, and a success clears the back-off.
		now += 4_000;
		expect((await login("correct horse battery staple", "10.1.2.3")).statusCode).toBe(200);
		expect((await login("wrong once", "10.1.2.3")).statusCode).toBe(401);
		expect((await login("correct horse battery staple", "10.1.2.3")).statusCode).toBe(200);
	});
});

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0";
const redisUp = await (async () => {
	const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
	try {
		await probe.connect();
		return true;
	} catch {
		return false;
	} finally {
		probe.disconnect();
	}
})();

describe.runIf(TEST_DB_KIND === "pglite" && redisUp)("with REDIS_URL", () => {
	it("two instances share the counters: a back-off started on A holds on B", async () => {
		const a = await startTestApp({ REDIS_URL, LOGIN_BACKOFF_MAX_SECONDS: "4" });
		const servicesB = await createCoreServices(a.config, { database: a.services.database });
		const b = await buildApp(servicesB);
		try {
			const victim = await a.createUser({ role: "teacher", username: `shared-${Date.now()}-${Math.floor(Math.random() * 1e6)}` });
			const email = `${victim.username}@example.test`;
			const on = (app: FastifyInstance, password: string) => app.inject({ method: "POST", url: "/v2/auth/login", payload: { email, password }, remoteAddress: "10.88.0.1" }).then((r) => r.statusCode);
			for (let i = 0; i < 3; i++) expect(await on(a.app, `guess-${i}`)).toBe(401);
			for (let i = 3; i < 6; i++) expect(await on(b, `guess-${i}`)).toBe(401);
			expect(await on(a.app, "guess-6")).toBe(429);
			expect(await on(b, "correct horse battery staple")).toBe(429);
		} finally {
			await b.close();
			await servicesB.close();
			await a.close();
		}
	});
});
