import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog } from "../../src/db/tables.js";
import { robloxDeviceCodes } from "../../src/modules/roblox/tables.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/**
 * The Studio plugin's sign-in (RFC 8628 device authorization grant) through HTTP only: the
 * plugin's side at /api/v1/roblox/oauth (form-encoded, as Roblox's HttpService posts it), the
 * teacher app's side at /api/v1/roblox/auth/device. Time is the app's injected clock, moved by
 * hand, so expiry and polling intervals take no real time. The authentication rate category
 * keeps its real 10/min here, so the default interval is 6 s (one poll per budget slot).
 */
const CLIENT = "classroom-studio-plugin";
const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
let now = Date.parse("2026-03-02T09:00:00Z");
let t: TestApp;
let admin: { id: string; token: string };
let schoolId: string;

beforeAll(async () => {
	t = await startTestApp({}, { clock: () => now });
	schoolId = (await t.createSchool()).id;
	admin = await t.createUser({ role: "admin", schoolId });
});
afterAll(() => t.close());

// Each plugin request comes from its own address: the authentication category charges an
// anonymous caller by address, and this file starts more devices than one address may in a minute.
let addresses = 0;
const form = (fields: Record<string, string>) => ({
	payload: new URLSearchParams(fields).toString(),
	headers: { "content-type": "application/x-www-form-urlencoded" },
	remoteAddress: `10.0.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}`,
});
const startDevice = async () => {
	const res = await t.request({ method: "POST", url: "/api/v1/roblox/oauth/device_authorization", ...form({ client_id: CLIENT }) });
	expect(res.statusCode, res.body).toBe(200);
	return res.json() as { device_code: string; user_code: string; verification_uri: string; verification_uri_complete: string; expires_in: number; interval: number };
};
const poll = (deviceCode: string, clientId = CLIENT) => t.request({ method: "POST", url: "/api/v1/roblox/oauth/token", ...form({ grant_type: DEVICE_GRANT, device_code: deviceCode, client_id: clientId }) });
const refresh = (refreshToken: string) => t.request({ method: "POST", url: "/api/v1/roblox/oauth/token", ...form({ grant_type: "refresh_token", refresh_token: refreshToken }) });
const decide = (token: string, userCode: string, decision: "approve" | "deny") => t.request({ method: "POST", url: `/api/v1/roblox/auth/device/${decision}`, token, payload: { user_code: userCode } });
const teacher = () => t.createUser({ role: "teacher", schoolId });
const later = (seconds: number) => {
	now += seconds * 1000;
};
const expectOAuthError = (res: { statusCode: number; json(): unknown; headers: Record<string, unknown> }, status: number, error: string) => {
	expect(res.statusCode).toBe(status);
	const body = res.json() as { error: string; error_description: string };
	expect(body).toMatchObject({ error, error_description: expect.any(String), requestId: expect.any(String) });
	expect(res.headers["cache-control"]).toBe("no-store");
	return body;
};
const apiWorks = async (accessToken: string) => (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token: accessToken, payload: {} })).statusCode;

describe("device authorization request", () => {
	it("hands out a short unambiguous user code, the teacher app's /device page and the interval; stores both codes hashed", async () => {
		const device = await startDevice();
		expect(device.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
		expect(device.device_code.length).toBeGreaterThanOrEqual(40);
		expect(device.verification_uri).toMatch(/^http:\/\/[^/]+\/device$/);
		expect(device.verification_uri_complete).toBe(`${device.verification_uri}?user_code=${device.user_code}`);
		expect(device).toMatchObject({ expires_in: 900, interval: 6 });
		const stored = JSON.stringify(await t.services.database.db.select().from(robloxDeviceCodes));
		expect(stored).not.toContain(device.device_code);
		expect(stored).not.toContain(device.user_code);
		expect(stored).not.toContain(device.user_code.replace("-", ""));
	});

	it("refuses an unknown client (invalid_client) and a malformed body (invalid_request), in RFC 6749 form", async () => {
		const unknown = await t.request({ method: "POST", url: "/api/v1/roblox/oauth/device_authorization", ...form({ client_id: "someone-else" }) });
		expectOAuthError(unknown, 401, "invalid_client");
		const missing = await t.request({ method: "POST", url: "/api/v1/roblox/oauth/device_authorization", payload: {}, remoteAddress: "10.1.0.1" });
		expectOAuthError(missing, 400, "invalid_request");
	});
});

describe("polling the token endpoint", () => {
	it("answers authorization_pending, then slow_down when polled early, adding 5 s to the interval each time", async () => {
		const device = await startDevice();
		expectOAuthError(await poll(device.device_code), 400, "authorization_pending");
		later(1);
		expect(expectOAuthError(await poll(device.device_code), 400, "slow_down")).toMatchObject({ interval: 11 });
		later(6); // the old interval is no longer enough
		expect(expectOAuthError(await poll(device.device_code), 400, "slow_down")).toMatchObject({ interval: 16 });
		later(16);
		expectOAuthError(await poll(device.device_code), 400, "authorization_pending");
	});

	it("approval by a signed-in teacher gives the plugin that teacher's tokens, once: the code is single use", async () => {
		const device = await startDevice();
		const owner = await teacher();
		const typed = device.user_code.toLowerCase().replace("-", " ");
		const lookup = await t.request({ method: "GET", url: `/api/v1/roblox/auth/device?user_code=${encodeURIComponent(typed)}`, token: owner.token });
		expect(lookup.statusCode, lookup.body).toBe(200);
		expect(lookup.json()).toMatchObject({ user_code: device.user_code, client_id: CLIENT, client_name: "Classroom Studio plugin", status: "pending" });
		expect((await decide(owner.token, device.user_code, "approve")).json()).toMatchObject({ status: "approved" });

		later(6);
		const granted = await poll(device.device_code);
		expect(granted.statusCode, granted.body).toBe(200);
		expect(granted.headers["cache-control"]).toBe("no-store");
		const pair = granted.json();
		expect(pair).toMatchObject({ token_type: "Bearer", expires_in: expect.any(Number), access_token: expect.any(String), refresh_token: expect.any(String) });
		const session = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token: pair.access_token, payload: {} });
		expect(session.statusCode).toBe(201);
		const mine = await t.request({ method: "GET", url: `/api/v1/roblox/conversation/${session.json().session_id}`, token: owner.token });
		expect(mine.statusCode).toBe(200); // the plugin acts as the approving teacher

		const trail = await t.services.database.db.select().from(auditLog).where(eq(auditLog.actorId, owner.id));
		expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(["roblox.device.approve", "roblox.device.signed_in"]));
		later(6);
		expect(expectOAuthError(await poll(device.device_code), 400, "invalid_grant").error_description).toMatch(/already used/);
		expect((await decide(owner.token, device.user_code, "approve")).statusCode).toBe(409);
	});

	it("two polls racing for one approved code: exactly one gets tokens", async () => {
		const device = await startDevice();
		const owner = await teacher();
		expect((await decide(owner.token, device.user_code, "approve")).statusCode).toBe(200);
		later(6);
		const answers = await Promise.all([poll(device.device_code), poll(device.device_code)]);
		expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 400]);
		expect(answers.find((a) => a.statusCode === 400)!.json()).toMatchObject({ error: "invalid_grant" });
	});

	it("refresh rotates the plugin's tokens; sign-out (revoke) ends them; a reused refresh token is refused", async () => {
		const { pair } = await signedInDevice();
		const rotated = await refresh(pair.refresh_token);
		expect(rotated.statusCode, rotated.body).toBe(200);
		const next = rotated.json();
		expect(next.refresh_token).not.toBe(pair.refresh_token);
		expect(await apiWorks(next.access_token)).toBe(201);
		expectOAuthError(await refresh(pair.refresh_token), 400, "invalid_grant"); // reuse: the family is signed out
		expectOAuthError(await refresh(next.refresh_token), 400, "invalid_grant");

		const { pair: other } = await signedInDevice();
		const revoked = await t.request({ method: "POST", url: "/api/v1/roblox/oauth/revoke", ...form({ token: other.refresh_token, token_type_hint: "refresh_token" }) });
		expect(revoked.statusCode, revoked.body).toBe(200);
		expectOAuthError(await refresh(other.refresh_token), 400, "invalid_grant");
		const unknown = await t.request({ method: "POST", url: "/api/v1/roblox/oauth/revoke", payload: { token: "never-issued" }, remoteAddress: "10.1.0.2" });
		expect(unknown.statusCode).toBe(200);
	});

	it("denial: the next poll gets access_denied, and the code cannot be approved afterwards", async () => {
		const device = await startDevice();
		const owner = await teacher();
		expect((await decide(owner.token, device.user_code, "deny")).json()).toMatchObject({ status: "denied" });
		later(6);
		expectOAuthError(await poll(device.device_code), 400, "access_denied");
		const again = await decide(owner.token, device.user_code, "approve");
		expect(again.statusCode).toBe(409);
		expect(again.json().error).toMatchObject({ code: "CONFLICT", details: { status: "denied" } });
	});

	it("expiry: after expires_in the device gets expired_token and the teacher app no longer finds the code", async () => {
		const device = await startDevice();
		const owner = await teacher();
		later(900);
		expectOAuthError(await poll(device.device_code), 400, "expired_token");
		expect((await t.request({ method: "GET", url: `/api/v1/roblox/auth/device?user_code=${device.user_code}`, token: owner.token })).statusCode).toBe(404);
		expect((await decide(owner.token, device.user_code, "approve")).statusCode).toBe(404);
	});

	it("refuses unknown codes, another client's code, missing fields and unknown grant types", async () => {
		const device = await startDevice();
		expectOAuthError(await poll("not-a-code"), 400, "invalid_grant");
		expectOAuthError(await poll(device.device_code, "other-client"), 400, "invalid_grant");
		expectOAuthError(await t.request({ method: "POST", url: "/api/v1/roblox/oauth/token", ...form({ grant_type: DEVICE_GRANT, client_id: CLIENT }) }), 400, "invalid_request");
		expectOAuthError(await t.request({ method: "POST", url: "/api/v1/roblox/oauth/token", ...form({ grant_type: "password", username: "x" }) }), 400, "unsupported_grant_type");
		expectOAuthError(await t.request({ method: "POST", url: "/api/v1/roblox/oauth/token", ...form({ grant_type: DEVICE_GRANT, client_id: CLIENT, device_code: "x".repeat(500) }) }), 400, "invalid_request");
		expectOAuthError(await t.request({ method: "POST", url: "/api/v1/roblox/oauth/token", payload: "grant_type=x", headers: { "content-type": "application/xml" }, remoteAddress: "10.1.0.3" }), 415, "invalid_request");
	});
});

describe("who may approve, and authority that changes", () => {
	it("only teachers and admins approve; a malformed code is a 400 in the v1 envelope", async () => {
		const device = await startDevice();
		const student = await t.createUser({ role: "student", schoolId });
		expect((await decide(student.token, device.user_code, "approve")).statusCode).toBe(403);
		expect((await t.request({ method: "POST", url: "/api/v1/roblox/auth/device/approve", payload: { user_code: device.user_code } })).statusCode).toBe(401);
		const malformed = await decide(admin.token, "AEIOU-123", "approve");
		expect(malformed.statusCode).toBe(400);
		expect(malformed.json().error).toMatchObject({ code: "INVALID_REQUEST", details: { field: "user_code" } });
	});

	it("a teacher disabled or demoted after approving: the device gets access_denied instead of tokens", async () => {
		for (const change of [{ status: "disabled" }, { role: "parent" }] as Record<string, string>[]) {
			const device = await startDevice();
			const owner = await teacher();
			expect((await decide(owner.token, device.user_code, "approve")).statusCode).toBe(200);
			expect(await changeUser(owner.id, change)).toBe(200);
			later(6);
			expectOAuthError(await poll(device.device_code), 400, "access_denied");
		}
	});

	it("a teacher disabled or demoted after the device signed in: its access and refresh tokens end at once", async () => {
		for (const change of [{ status: "disabled" }, { role: "parent" }] as Record<string, string>[]) {
			const { owner, pair } = await signedInDevice();
			expect(await apiWorks(pair.access_token)).toBe(201);
			expect(await changeUser(owner.id, change)).toBe(200);
			expect(await apiWorks(pair.access_token)).toBe(401);
			expectOAuthError(await refresh(pair.refresh_token), 400, "invalid_grant");
		}
	});
});

describe("rate limits", () => {
	it("each device pays for its own polls in the authentication category: an 11th poll in a minute is slow_down 429 with Retry-After, another device is unaffected", async () => {
		const a = await startDevice();
		const b = await startDevice();
		for (let i = 0; i < 10; i++) {
			later(6);
			expectOAuthError(await poll(a.device_code), 400, "authorization_pending");
		}
		later(6);
		const limited = expectOAuthError(await poll(a.device_code), 429, "slow_down");
		expect(limited.error_description).toMatch(/Rate limit/);
		expectOAuthError(await poll(b.device_code), 400, "authorization_pending");
	});
});

async function signedInDevice() {
	const device = await startDevice();
	const owner = await teacher();
	expect((await decide(owner.token, device.user_code, "approve")).statusCode).toBe(200);
	later(6);
	const granted = await poll(device.device_code);
	expect(granted.statusCode, granted.body).toBe(200);
	return { owner, pair: granted.json() as { access_token: string; refresh_token: string } };
}

async function changeUser(id: string, change: Record<string, string>) {
	return (await t.request({ method: "PATCH", url: `/v2/users/${id}`, token: admin.token, payload: change })).statusCode;
}
