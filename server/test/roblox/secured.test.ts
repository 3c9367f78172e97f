import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signRequest } from "../../src/modules/roblox/security/requestSigning.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

const SECRET = "inbound-signing-secret-0123";
let now = Date.parse("2026-03-01T09:00:00Z");
let t: TestApp;
let teacher: { token: string };

beforeAll(async () => {
	t = await startTestApp({ ROBLOX_API_SIGNING_SECRET: SECRET, ROBLOX_API_IP_ALLOWLIST: "127.0.0.1, ::1" }, { clock: () => now });
	teacher = await t.createUser({ role: "teacher" });
});
afterAll(() => t.close());

function signed(url: string, payload: string, options: { timestamp?: number; signUrl?: string; signBody?: string } = {}) {
	const timestamp = options.timestamp ?? Math.floor(now / 1000);
	return t.request({
		method: "POST",
		url,
		token: teacher.token,
		payload,
		headers: { "content-type": "application/json", "x-timestamp": String(timestamp), "x-signature": signRequest(SECRET, timestamp, "POST", options.signUrl ?? url, options.signBody ?? payload) },
	});
}

describe("request signing and IP allow-list", () => {
	const url = "/api/v1/roblox/conversation/start";
	const body = JSON.stringify({ initial_message: "Science for grade 4" });

	it("accepts a correctly signed request", async () => {
		const res = await signed(url, body);
		expect(res.statusCode).toBe(201);
	});

	it("refuses missing, tampered, replayed-elsewhere and stale signatures with 401 INVALID_SIGNATURE", async () => {
		const unsigned = await t.request({ method: "POST", url, token: teacher.token, payload: JSON.parse(body) });
		const tampered = await signed(url, body.replace("4", "9"), { signBody: body });
		const otherRoute = await signed(url, body, { signUrl: "/api/v1/roblox/webhooks" });
		const stale = await signed(url, body, { timestamp: Math.floor(now / 1000) - 301 });
		for (const res of [unsigned, tampered, otherRoute, stale]) {
			expect(res.statusCode).toBe(401);
			expect(res.json().error.code).toBe("INVALID_SIGNATURE");
		}
		const edge = await signed(url, body, { timestamp: Math.floor(now / 1000) - 299 });
		expect(edge.statusCode).toBe(201);
	});

	it("exempts the OAuth redirect, which Roblox's browser redirect cannot sign", async () => {
		const res = await t.request({ method: "GET", url: "/api/v1/roblox/auth/callback?state=unknown&code=x" });
		expect(res.json().error.code).toBe("invalid_grant");
	});

	it("refuses addresses outside the allow-list", async () => {
		const res = await t.app.inject({ method: "GET", url: "/api/v1/roblox/rojo/check", remoteAddress: "10.1.2.3" });
		expect(res.statusCode).toBe(403);
		expect(res.json().error.code).toBe("FORBIDDEN");
	});
});
