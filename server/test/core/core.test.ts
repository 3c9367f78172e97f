import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { loadConfig, ConfigError } from "../../src/config.js";
import { auditLog } from "../../src/db/tables.js";
import { CredentialCipher } from "../../src/security/crypto.js";
import { PASSWORD, startTestApp, type TestApp } from "../helpers/testApp.js";

let t: TestApp;
beforeAll(async () => {
	t = await startTestApp();
});
afterAll(() => t.close());

describe("envelope and errors", () => {
	it("wraps health in the platform envelope and echoes X-Request-ID", async () => {
		const res = await t.request({ method: "GET", url: "/v2/health", headers: { "x-request-id": "abc-123" } });
		expect(res.statusCode).toBe(200);
		const body = res.json();
		expect(body).toMatchObject({ success: true, request_id: "abc-123", data: { status: "healthy" } });
		expect(new Date(body.timestamp).toString()).not.toBe("Invalid Date");
		expect(res.headers["x-ratelimit-limit"]).toBeDefined();
		expect(res.headers["x-ratelimit-remaining"]).toBeDefined();
		expect(res.headers["x-ratelimit-reset"]).toBeDefined();
	});

	it("generates a request id when the client sends none or a malformed one", async () => {
		const a = (await t.request({ method: "GET", url: "/v2/health" })).json();
		const b = (await t.request({ method: "GET", url: "/v2/health", headers: { "x-request-id": "bad id\nwith newline" } })).json();
		expect(a.request_id).toMatch(/^req_[0-9a-f]{32}$/);
		expect(b.request_id).toMatch(/^req_/);
	});

	it("answers unknown routes with NOT_FOUND in the envelope", async () => {
		const res = await t.request({ method: "GET", url: "/v2/nope" });
		expect(res.statusCode).toBe(404);
		expect(res.json()).toMatchObject({ success: false, error: { code: "NOT_FOUND" } });
	});

	it("rejects malformed JSON, wrong types and oversize bodies without a 500", async () => {
		const malformed = await t.request({ method: "POST", url: "/v2/auth/login", headers: { "content-type": "application/json" }, payload: "{not json" });
		expect(malformed.statusCode).toBe(400);
		expect(malformed.json().error.code).toBe("VALIDATION_ERROR");

		const wrongType = await t.request({ method: "POST", url: "/v2/auth/login", payload: { email: "a@b.c", password: 42 } });
		expect(wrongType.statusCode).toBe(400);
		expect(wrongType.json().error.details.field).toBe("password");

		const unknownField = await t.request({ method: "POST", url: "/v2/auth/login", payload: { email: "a@b.c", password: "x", admin: true } });
		expect(unknownField.statusCode).toBe(400);
		expect(unknownField.json().error.details.field).toBe("admin");

		const huge = await t.request({ method: "POST", url: "/v2/auth/login", headers: { "content-type": "application/json" }, payload: JSON.stringify({ email: "a".repeat(2_000_000), password: "x" }) });
		expect(huge.statusCode).toBe(413);
		expect(huge.json().error.code).toBe("PAYLOAD_TOO_LARGE");

		const wrongMedia = await t.request({ method: "POST", url: "/v2/auth/login", headers: { "content-type": "text/plain" }, payload: "hello" });
		expect(wrongMedia.statusCode).toBe(400);
		expect(wrongMedia.json().error.code).toBe("VALIDATION_ERROR");

		const xml = await t.request({ method: "POST", url: "/v2/auth/login", headers: { "content-type": "application/xml" }, payload: "<a/>" });
		expect(xml.statusCode).toBe(415);
		expect(xml.json().error.code).toBe("UNSUPPORTED_MEDIA_TYPE");
	});
});

describe("documentation", () => {
	it("serves OpenAPI generated from the route schemas and Swagger UI at /docs", async () => {
		const spec = (await t.request({ method: "GET", url: "/openapi.json" })).json();
		expect(spec.openapi).toBe("3.0.3");
		expect(spec.paths["/v2/health"].get).toBeDefined();
		expect(spec.paths["/v2/auth/login"].post.requestBody.content["application/json"].schema.properties.password).toBeDefined();
		const docs = await t.request({ method: "GET", url: "/docs/" });
		expect(docs.statusCode).toBe(200);
		expect(docs.headers["content-type"]).toContain("text/html");
		expect(docs.body).toContain("swagger-ui");
	});
});

describe("auth", () => {
	it("logs in, reads /users/me, rotates the refresh token and detects reuse", async () => {
		const school = await t.createSchool();
		const teacher = await t.createUser({ role: "teacher", schoolId: school.id });
		const login = await t.request({ method: "POST", url: "/v2/auth/login", payload: { email: `${teacher.username}@example.test`, password: PASSWORD } });
		expect(login.statusCode).toBe(200);
		const { access_token, refresh_token } = login.json().data;

		const me = await t.request({ method: "GET", url: "/v2/users/me", token: access_token });
		expect(me.json().data).toMatchObject({ id: teacher.id, role: "teacher", school_id: school.id });
		expect(JSON.stringify(me.json())).not.toContain("password");

		const refreshed = await t.request({ method: "POST", url: "/v2/auth/refresh", payload: { refresh_token } });
		expect(refreshed.statusCode).toBe(200);
		const next = refreshed.json().data.refresh_token;
		expect(next).not.toBe(refresh_token);

		const reused = await t.request({ method: "POST", url: "/v2/auth/refresh", payload: { refresh_token } });
		expect(reused.statusCode).toBe(401);
		// Reuse revoked the family: the rotated token is dead too.
		const afterTheft = await t.request({ method: "POST", url: "/v2/auth/refresh", payload: { refresh_token: next } });
		expect(afterTheft.statusCode).toBe(401);

		const audits = await t.services.database.db.select().from(auditLog).where(eq(auditLog.targetId, teacher.id));
		expect(audits.map((a) => a.action)).toContain("auth.login");
	});

	it("refuses wrong passwords, missing tokens and forged tokens", async () => {
		const bad = await t.request({ method: "POST", url: "/v2/auth/login", payload: { email: "nobody@example.test", password: "x" } });
		expect(bad.statusCode).toBe(401);
		expect(bad.json().error.code).toBe("UNAUTHORIZED");
		expect((await t.request({ method: "GET", url: "/v2/users/me" })).statusCode).toBe(401);
		const forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.c2lnbmF0dXJl";
		expect((await t.request({ method: "GET", url: "/v2/users/me", token: forged })).statusCode).toBe(401);
	});

	it("logout revokes the refresh token", async () => {
		const user = await t.createUser({ role: "parent" });
		expect((await t.request({ method: "POST", url: "/v2/auth/logout", payload: { refresh_token: user.refreshToken } })).statusCode).toBe(200);
		expect((await t.request({ method: "POST", url: "/v2/auth/refresh", payload: { refresh_token: user.refreshToken } })).statusCode).toBe(401);
	});
});

describe("rate limits per tier", () => {
	it("applies the tier's hourly limit and answers 429 RATE_LIMITED with Retry-After", async () => {
		const limited = await startTestApp({ RATE_LIMIT_STANDARD: "3", RATE_LIMIT_PREMIUM: "5" });
		try {
			const standard = await limited.createUser({ role: "teacher", tier: "standard" });
			const premium = await limited.createUser({ role: "teacher", tier: "premium" });
			const statuses = [];
			for (let i = 0; i < 4; i++) statuses.push((await limited.request({ method: "GET", url: "/v2/users/me", token: standard.token })).statusCode);
			expect(statuses).toEqual([200, 200, 200, 429]);
			const last = await limited.request({ method: "GET", url: "/v2/users/me", token: standard.token });
			expect(last.json()).toMatchObject({ success: false, error: { code: "RATE_LIMITED" } });
			expect(Number(last.headers["retry-after"])).toBeGreaterThan(0);
			const first = await limited.request({ method: "GET", url: "/v2/users/me", token: premium.token });
			expect(first.headers["x-ratelimit-limit"]).toBe("5");
		} finally {
			await limited.close();
		}
	});
});

describe("config and crypto", () => {
	it("fails with a message naming the bad variable", () => {
		expect(() => loadConfig({ PORT: "eighty", DATABASE_URL: "memory://" })).toThrow(ConfigError);
		expect(() => loadConfig({ PORT: "eighty", DATABASE_URL: "memory://" })).toThrow(/PORT/);
		expect(() => loadConfig({ CREDENTIALS_KEY: "short", DATABASE_URL: "memory://" })).toThrow(/CREDENTIALS_KEY/);
	});

	it("seals credentials with AES-256-GCM and detects tampering", () => {
		const cipher = new CredentialCipher("ab".repeat(32));
		const sealed = cipher.seal("roblox-refresh-token");
		expect(sealed).not.toContain("roblox-refresh-token");
		expect(cipher.open(sealed)).toBe("roblox-refresh-token");
		const parts = sealed.split(".");
		parts[3] = Buffer.from("tampered!").toString("base64url");
		expect(() => cipher.open(parts.join("."))).toThrow();
		expect(() => new CredentialCipher("cd".repeat(32)).open(sealed)).toThrow();
	});
});
