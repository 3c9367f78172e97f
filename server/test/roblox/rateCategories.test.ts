import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/testApp.js";
import { startRobloxOAuth, type OAuthStandIn } from "./standins.js";

/**
 * The Roblox spec's rate-limit categories: one budget per caller per category, shared by every
 * route of the category across /api/v1/roblox and /v2/roblox; a burst limit per second; place
 * keys outside the categories; X-RateLimit-Reset as a Unix timestamp.
 */
const SPEC = { RATE_LIMIT_AUTH_PER_MINUTE: "10", RATE_LIMIT_GENERATION_PER_MINUTE: "5", RATE_LIMIT_DATA_PER_MINUTE: "100", RATE_LIMIT_ANALYTICS_PER_MINUTE: "20" };
const client = { id: "client-123", secret: "client-secret-xyz" };
const redirect = "http://127.0.0.1:8009/api/v1/roblox/auth/callback";

let t: TestApp;
let roblox: OAuthStandIn;
beforeAll(async () => {
	roblox = await startRobloxOAuth(client);
	// The burst limit is lifted here so that the minute budgets can be counted at test speed; it has its own test below.
	t = await startTestApp({ ...SPEC, RATE_LIMIT_BURST_PER_SECOND: "100000", ROBLOX_OAUTH_BASE_URL: roblox.url, ROBLOX_OAUTH_CLIENT_ID: client.id, ROBLOX_OAUTH_CLIENT_SECRET: client.secret });
});
afterAll(async () => {
	await t.close();
	await roblox.close();
});

async function teacherWithKey() {
	const { id: schoolId } = await t.createSchool();
	const teacher = await t.createUser({ role: "teacher", schoolId });
	const key = await t.request({ method: "POST", url: "/v2/roblox/place-keys", token: teacher.token, payload: { universeId: "1", placeId: "2" } });
	expect(key.statusCode, key.body).toBe(201);
	return { teacher, placeKey: key.json().key as string };
}

async function freshTeacher() {
	const { id: schoolId } = await t.createSchool();
	return t.createUser({ role: "teacher", schoolId });
}

const generate = (token: string) => t.request({ method: "POST", url: "/v2/roblox/generate-content", token, payload: { subject: "Mathematics", gradeLevel: 6, learningObjectives: ["Solve linear equations"], maxQuestions: 1 } });

describe("category budgets shared across routes and both APIs", () => {
	it("data operations: 100 a minute across v1 and v2 routes, then 429 on any of them", async () => {
		const teacher = await freshTeacher();
		const calls = [
			() => t.request({ method: "GET", url: "/api/v1/roblox/webhooks", token: teacher.token }),
			() => t.request({ method: "GET", url: "/v2/roblox/place-keys", token: teacher.token }),
		];
		for (let i = 0; i < 100; i++) expect((await calls[i % 2]()).statusCode).toBe(200);
		const limited = await t.request({ method: "GET", url: "/api/v1/roblox/rojo/projects", token: teacher.token });
		expect(limited.statusCode).toBe(429);
		expect(limited.json().error.code).toBe("RATE_LIMITED");
		expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
		expect(limited.headers["x-ratelimit-limit"]).toBe("100");
		expect(limited.headers["x-ratelimit-remaining"]).toBe("0");
	});

	it("content generation: 5 a minute between /v2/roblox/generate-content and the v1 conversation's generate", async () => {
		const teacher = await freshTeacher();
		for (let i = 0; i < 5; i++) expect((await generate(teacher.token)).statusCode).toBe(200);
		const v1 = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token: teacher.token, payload: { session_id: "00000000-0000-0000-0000-000000000000" } });
		expect(v1.statusCode, v1.body).toBe(429);
		expect(v1.json().error.code).toBe("RATE_LIMITED");
		// another category is untouched
		expect((await t.request({ method: "GET", url: "/v2/roblox/place-keys", token: teacher.token })).statusCode).toBe(200);
	});

	it("a place key keeps its own game-server budget, outside the categories", async () => {
		const { teacher, placeKey } = await teacherWithKey();
		for (let i = 0; i < 6; i++) expect((await generate(placeKey)).statusCode).toBe(200);
		expect((await generate(teacher.token)).statusCode).toBe(200); // the teacher's own budget is untouched
	});

	it("X-RateLimit-Reset is a Unix timestamp within the category's window", async () => {
		const teacher = await freshTeacher();
		const res = await t.request({ method: "GET", url: "/v2/roblox/place-keys", token: teacher.token });
		const reset = Number(res.headers["x-ratelimit-reset"]);
		const nowS = Date.now() / 1000;
		expect(reset).toBeGreaterThanOrEqual(Math.floor(nowS));
		expect(reset).toBeLessThanOrEqual(Math.ceil(nowS) + 60);
		expect(res.headers["x-ratelimit-limit"]).toBe("100");
		expect(res.headers["x-ratelimit-remaining"]).toBe("99");
	});

	it("the OAuth callback is charged to the user who started the flow, not to the school's address", async () => {
		// Eleven teachers behind one address link their accounts: nobody is refused.
		for (let i = 0; i < 11; i++) {
			const teacher = await t.createUser({ role: "teacher" });
			const init = (await t.request({ method: "POST", url: "/api/v1/roblox/auth/initiate", token: teacher.token, payload: { redirect_uri: redirect } })).json();
			const code = roblox.authorize(init.authorization_url, { sub: `${7000 + i}`, name: `t${i}` });
			const cb = await t.request({ method: "GET", url: `/api/v1/roblox/auth/callback?code=${code}&state=${init.state}` });
			expect(cb.statusCode, cb.body).toBe(200);
		}
	});
});

describe("burst limit", () => {
	let burst: TestApp;
	beforeAll(async () => {
		burst = await startTestApp({ ...SPEC, RATE_LIMIT_BURST_PER_SECOND: "10" });
	});
	afterAll(async () => burst.close());

	it("refuses the 11th request within a second, in the spec's envelope with Retry-After", async () => {
		const { id: schoolId } = await burst.createSchool();
		const teacher = await burst.createUser({ role: "teacher", schoolId });
		const statuses = await Promise.all(Array.from({ length: 11 }, () => burst.request({ method: "GET", url: "/v2/roblox/place-keys", token: teacher.token })));
		const codes = statuses.map((r) => r.statusCode).sort();
		expect(codes.filter((c) => c === 200)).toHaveLength(10);
		const limited = statuses.find((r) => r.statusCode === 429)!;
		expect(limited.json().error.code).toBe("RATE_LIMITED");
		expect(limited.headers["retry-after"]).toBe("1");
	});
});
