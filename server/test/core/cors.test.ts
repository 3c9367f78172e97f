import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/** Issue 17 finding 9: CORS is an allow-list, with every method the API uses, credentials only for listed origins. */
let t: TestApp;
const LISTED = "https://teacher.example.test";
const PUBLIC = "https://classroom.example.test";

beforeAll(async () => {
	t = await startTestApp({ CORS_ORIGINS: `${LISTED}, https://other-listed.example.test`, PUBLIC_URL: `${PUBLIC}/base` });
});
afterAll(() => t.close());

const preflight = (origin: string, method: string, host?: string) =>
	t.app.inject({
		method: "OPTIONS",
		url: "/v2/users/me",
		headers: { origin, "access-control-request-method": method, "access-control-request-headers": "authorization,content-type", ...(host ? { host } : {}) },
	});

const corsHeaders = (headers: Record<string, unknown>) => Object.keys(headers).filter((h) => h.startsWith("access-control-"));

describe("CORS allow-list", () => {
	it("lets a listed origin preflight PUT, PATCH and DELETE with credentials", async () => {
		for (const method of ["PUT", "PATCH", "DELETE"]) {
			const res = await preflight(LISTED, method);
			expect(res.statusCode).toBe(204);
			expect(res.headers["access-control-allow-origin"]).toBe(LISTED);
			expect(res.headers["access-control-allow-credentials"]).toBe("true");
			expect(String(res.headers["access-control-allow-methods"]).split(/,\s*/)).toContain(method);
		}
	});

	it("allows PUBLIC_URL's origin and the server's own origin (the teacher app at /)", async () => {
		expect((await preflight(PUBLIC, "PUT")).headers["access-control-allow-origin"]).toBe(PUBLIC);
		const own = await preflight("http://app.example.test:8009", "PUT", "app.example.test:8009");
		expect(own.headers["access-control-allow-origin"]).toBe("http://app.example.test:8009");
	});

	it("gives any other origin no CORS headers, on preflights and on credentialed requests", async () => {
		for (const origin of ["https://evil.example.test", "https://teacher.example.test.evil.test", "null", "http://teacher.example.test"]) {
			expect(corsHeaders((await preflight(origin, "PUT")).headers)).toEqual([]);
			const user = await t.createUser({ role: "teacher" });
			const get = await t.request({ method: "GET", url: "/v2/users/me", token: user.token, headers: { origin } });
			expect(get.statusCode).toBe(200);
			expect(corsHeaders(get.headers)).toEqual([]);
		}
	});

	it("exposes the request id and rate-limit headers to a listed origin's script", async () => {
		const user = await t.createUser({ role: "teacher" });
		const res = await t.request({ method: "GET", url: "/v2/users/me", token: user.token, headers: { origin: LISTED } });
		expect(res.headers["access-control-allow-origin"]).toBe(LISTED);
		expect(res.headers.vary).toMatch(/origin/i);
		expect(String(res.headers["access-control-expose-headers"])).toContain("x-request-id");
	});
});
