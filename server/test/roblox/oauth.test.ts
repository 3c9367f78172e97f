import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../src/db/tables.js";
import { robloxOauthTokens } from "../../src/modules/roblox/tables.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";
import { startRobloxOAuth, startWebhookReceiver, type OAuthStandIn, type WebhookReceiver } from "./standins.js";

const client = { id: "client-123", secret: "client-secret-xyz" };
let now = Date.parse("2026-01-01T10:00:00Z");
let t: TestApp;
let roblox: OAuthStandIn;
let hooks: WebhookReceiver;
const redirect = "http://127.0.0.1:8009/api/v1/roblox/auth/callback";

beforeAll(async () => {
	roblox = await startRobloxOAuth(client);
	hooks = await startWebhookReceiver();
	t = await startTestApp({ ROBLOX_OAUTH_BASE_URL: roblox.url, ROBLOX_OAUTH_CLIENT_ID: client.id, ROBLOX_OAUTH_CLIENT_SECRET: client.secret, ROBLOX_WEBHOOK_RETRY_BASE_MS: "5", OUTBOUND_ALLOW_LOOPBACK: "true" }, { clock: () => now });
});
afterAll(async () => {
	await t.close();
	await roblox.close();
	await hooks.close();
});

async function initiate(token: string, body: Record<string, unknown> = { redirect_uri: redirect }) {
	return t.request({ method: "POST", url: "/api/v1/roblox/auth/initiate", token, payload: body });
}

async function link(teacher: { token: string }, sub: string) {
	const init = (await initiate(teacher.token)).json();
	const code = roblox.authorize(init.authorization_url, { sub, name: `user${sub}` });
	return t.request({ method: "GET", url: `/api/v1/roblox/auth/callback?code=${code}&state=${init.state}` });
}

describe("OAuth2 PKCE with Roblox", () => {
	it("initiates with S256, links the account on callback and seals tokens at rest", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const res = await initiate(teacher.token, { redirect_uri: redirect, scopes: ["openid", "profile", "asset:read"] });
		expect(res.statusCode).toBe(200);
		const init = res.json();
		expect(init.code_verifier).toBeNull();
		expect(Date.parse(init.expires_at) - now).toBe(10 * 60 * 1000);
		const url = new URL(init.authorization_url);
		expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(url.searchParams.get("scope")).toBe("openid profile asset:read");

		const code = roblox.authorize(init.authorization_url, { sub: "1001", name: "MsFrizzle" });
		const cb = await t.request({ method: "GET", url: `/api/v1/roblox/auth/callback?code=${code}&state=${init.state}` });
		expect(cb.statusCode).toBe(200);
		const body = cb.json();
		expect(body).toMatchObject({ token_type: "Bearer", expires_in: 899, user_info: { user_id: "1001", username: "MsFrizzle", display_name: "MsFrizzle Display" } });
		// The stand-in verified the verifier against the challenge; the verifier never left the server.
		expect(roblox.tokenRequests.at(-1)).toMatchObject({ grant_type: "authorization_code", client_id: client.id, client_secret: client.secret });

		const [user] = await t.services.database.db.select().from(users).where(eq(users.id, teacher.id));
		expect(user.robloxUserId).toBe("1001");
		const [stored] = await t.services.database.db.select().from(robloxOauthTokens).where(eq(robloxOauthTokens.userId, teacher.id));
		expect(stored.accessTokenSealed).not.toContain(body.access_token);
		expect(t.services.cipher.open(stored.refreshTokenSealed!)).toBe(body.refresh_token);

		// Single use: the same state again is refused.
		const again = await t.request({ method: "GET", url: `/api/v1/roblox/auth/callback?code=${code}&state=${init.state}` });
		expect(again.statusCode).toBe(400);
		expect(again.json().error).toMatchObject({ code: "invalid_grant", details: { reason: "state_used" } });
	});

	it("refuses expired, unknown and foreign states, bad codes and bad scopes", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const other = await t.createUser({ role: "teacher" });
		const expired = (await initiate(teacher.token)).json();
		now += 10 * 60 * 1000 + 1;
		const late = await t.request({ method: "GET", url: `/api/v1/roblox/auth/callback?code=x&state=${expired.state}` });
		expect(late.json().error).toMatchObject({ code: "invalid_grant", details: { reason: "state_expired" } });

		const unknown = await t.request({ method: "GET", url: "/api/v1/roblox/auth/callback?code=x&state=nope" });
		expect(unknown.json().error.details.reason).toBe("state_unknown");

		const mine = (await initiate(teacher.token)).json();
		const foreign = await t.request({ method: "GET", url: `/api/v1/roblox/auth/callback?code=x&state=${mine.state}`, token: other.token });
		expect(foreign.json().error.details.reason).toBe("state_not_yours");

		const badCode = await t.request({ method: "GET", url: `/api/v1/roblox/auth/callback?code=forged&state=${mine.state}` });
		expect(badCode.statusCode).toBe(400);
		expect(badCode.json().error).toMatchObject({ code: "invalid_grant", details: { reason: "upstream" } });

		const scope = await initiate(teacher.token, { redirect_uri: redirect, scopes: ["profile"] });
		expect(scope.json().error.code).toBe("invalid_scope");
		const invalid = await initiate(teacher.token, { redirect_uri: "ftp://x" });
		expect(invalid.statusCode).toBe(400);
		expect(invalid.json().error).toMatchObject({ code: "INVALID_REQUEST", details: { field: "redirect_uri" } });
		expect((await t.request({ method: "POST", url: "/api/v1/roblox/auth/initiate", payload: { redirect_uri: redirect } })).statusCode).toBe(401);
	});

	it("maps upstream failures and refuses a Roblox account linked to someone else (409)", async () => {
		const a = await t.createUser({ role: "teacher" });
		const b = await t.createUser({ role: "teacher" });
		expect((await link(a, "2002")).statusCode).toBe(200);
		const taken = await link(b, "2002");
		expect(taken.statusCode).toBe(409);
		expect(taken.json().error.code).toBe("CONFLICT");

		const init = (await initiate(b.token)).json();
		const code = roblox.authorize(init.authorization_url, { sub: "3003", name: "x" });
		roblox.failNextToken = { status: 429, body: { error: "too_many" }, headers: { "retry-after": "42" } };
		const limited = await t.request({ method: "GET", url: `/api/v1/roblox/auth/callback?code=${code}&state=${init.state}` });
		expect(limited.statusCode).toBe(429);
		expect(limited.headers["retry-after"]).toBe("42");

		const init2 = (await initiate(b.token)).json();
		roblox.failNextToken = { status: 503, body: "down" };
		const down = await t.request({ method: "GET", url: `/api/v1/roblox/auth/callback?code=${roblox.authorize(init2.authorization_url, { sub: "3003", name: "x" })}&state=${init2.state}` });
		expect(down.statusCode).toBe(502);
		expect(down.json().error.code).toBe("temporarily_unavailable");
	});

	it("rotates refresh tokens, refuses the stale one, and revokes with a signed auth.revoked webhook", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const first = (await link(teacher, "4004")).json();
		const hook = await t.request({ method: "POST", url: "/api/v1/roblox/webhooks", token: teacher.token, payload: { url: `${hooks.url}/hook`, events: ["auth.revoked"], secret: "webhook-secret-0123456789" } });
		expect(hook.statusCode).toBe(201);
		expect(JSON.stringify(hook.json())).not.toContain("webhook-secret");

		const refreshed = await t.request({ method: "POST", url: "/api/v1/roblox/auth/refresh", token: teacher.token, payload: { refresh_token: first.refresh_token } });
		expect(refreshed.statusCode).toBe(200);
		const second = refreshed.json();
		expect(second.refresh_token).not.toBe(first.refresh_token);
		const stale = await t.request({ method: "POST", url: "/api/v1/roblox/auth/refresh", token: teacher.token, payload: { refresh_token: first.refresh_token } });
		expect(stale.json().error).toMatchObject({ code: "invalid_grant", details: { reason: "stale_refresh_token" } });
		// The stored one was rotated: refreshing without a body uses (and rotates) it again.
		const third = (await t.request({ method: "POST", url: "/api/v1/roblox/auth/refresh", token: teacher.token, payload: {} })).json();
		expect(third.refresh_token).not.toBe(second.refresh_token);

		const revoked = await t.request({ method: "POST", url: "/api/v1/roblox/auth/revoke", token: teacher.token, payload: { token: third.access_token, token_type_hint: "access_token" } });
		expect(revoked.json()).toEqual({ revoked: true, token_type_hint: "access_token" });
		expect(roblox.revoked).toEqual(expect.arrayContaining([third.access_token, third.refresh_token]));
		const [gone] = await t.services.database.db.select().from(robloxOauthTokens).where(eq(robloxOauthTokens.userId, teacher.id));
		expect(gone).toBeUndefined();

		await t.services.jobs.idle();
		const delivery = hooks.received.at(-1)!;
		const expected = `sha256=${createHmac("sha256", "webhook-secret-0123456789").update(delivery.body).digest("hex")}`;
		expect(delivery.headers["x-signature"]).toBe(expected);
		const payload = JSON.parse(delivery.body);
		expect(payload).toMatchObject({ event: "auth.revoked", data: { roblox_user_id: "4004" } });
		expect(Number(delivery.headers["x-timestamp"])).toBe(Math.floor(Date.parse(payload.timestamp) / 1000));

		const log = await t.request({ method: "GET", url: `/api/v1/roblox/webhooks/${hook.json().id}/deliveries`, token: teacher.token });
		expect(log.json().deliveries[0]).toMatchObject({ event: "auth.revoked", status: "delivered", attempts: 1, response_status: 200 });
	});

	it("applies the Authentication limit of 10 per minute with X-RateLimit headers", async () => {
		const teacher = await t.createUser({ role: "teacher" });
		const statuses: number[] = [];
		let last;
		for (let i = 0; i < 11; i++) {
			last = await initiate(teacher.token);
			statuses.push(last.statusCode);
		}
		expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
		expect(statuses[10]).toBe(429);
		expect(last!.json().error.code).toBe("RATE_LIMITED");
		expect(last!.headers["x-ratelimit-limit"]).toBe("10");
	});
});
