import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../../src/db/tables.js";
import { signRobloxBody } from "../../src/modules/classroom/erasure/robloxSignature.js";
import { startTestApp } from "../helpers/testApp.js";
import { startOpenCloud, type OpenCloudStandIn } from "../roblox/standins.js";
import { expectError, makeContent, startClassroom, type ClassroomWorld } from "./helpers.js";

/**
 * Roblox's Right to Erasure webhook over HTTP: POST /v2/roblox/webhooks/roblox-erasure, signed
 * with ROBLOX_WEBHOOK_SECRET as Roblox signs it (`t=<s>,v1=<base64 HMAC of "<t>.<raw body>">`).
 * Player 77 played in three schools: a (universe 111), b (222) and c (333). A notification
 * naming games 111, 333 and 999 (not ours) erases 77 in a and c only, and, through the
 * background job, the profile entries in 111 and 333 at the Open Cloud stand-in.
 */
const SECRET = "roblox-dashboard-webhook-secret";
const API_KEY = "erasure-open-cloud-key";
const URL = "/v2/roblox/webhooks/roblox-erasure";
let w: ClassroomWorld;
let cloud: OpenCloudStandIn;
let c: { teacher: string; key: string };

beforeAll(async () => {
	cloud = await startOpenCloud({ apiKey: API_KEY, bearerTokens: new Set() });
	w = await startClassroom({ ROBLOX_API_BASE_URL: cloud.url, ROBLOX_OPEN_CLOUD_API_KEY: API_KEY, ROBLOX_WEBHOOK_SECRET: SECRET });
	const school = await w.t.createSchool();
	const teacher = (await w.t.createUser({ role: "teacher", schoolId: school.id })).token;
	const key = await w.t.request({ method: "POST", url: "/v2/roblox/place-keys", token: teacher, payload: { universeId: "333", placeId: "3003" } });
	expect(key.statusCode, key.body).toBe(201);
	c = { teacher, key: key.json().key };
	await play(w.a.teacher, w.a.key, ["77", "88"]);
	await play(w.b.teacher, w.b.key, ["77"]);
	await play(c.teacher, c.key, ["77"]);
	for (const universe of ["111", "222", "333"]) cloud.entries.set(`${universe}/ClassroomProfiles_v1/global/player_77`, { body: "{}", version: 1, userIds: "[77]" });
	cloud.entries.set("111/ClassroomProfiles_v1/global/player_88", { body: "{}", version: 1, userIds: "[88]" });
});
afterAll(async () => {
	await w.t.close();
	await cloud.close();
});

describe("Roblox Right to Erasure webhook", () => {
	it("refuses a missing, wrong, stale, future or tampered signature with 401 and erases nothing", async () => {
		const body = erasure("n-refused", 77, [111, 333]);
		const now = nowSeconds();
		expectError(await send(body, {}), 401, "UNAUTHORIZED");
		expectError(await send(body, { "roblox-signature": signRobloxBody("another-secret", now, body) }), 401, "UNAUTHORIZED");
		expectError(await send(body, { "roblox-signature": signRobloxBody(SECRET, now - 601, body) }), 401, "UNAUTHORIZED");
		expectError(await send(body, { "roblox-signature": signRobloxBody(SECRET, now + 61, body) }), 401, "UNAUTHORIZED");
		expectError(await send(body, { "roblox-signature": signRobloxBody(SECRET, now, body.replace("77", "88")) }), 401, "UNAUTHORIZED");
		expectError(await send(body, { "roblox-signature": "t=abc,v1=" }), 401, "UNAUTHORIZED");
		// The signature covers the raw bytes: the same JSON re-spaced is another body.
		expectError(await send(body.replace(/,/g, ", "), { "roblox-signature": signRobloxBody(SECRET, now, body) }), 401, "UNAUTHORIZED");
		expectError(await w.t.request({ method: "POST", url: URL }), 401, "UNAUTHORIZED");
		expect((await progressOf(w.a.teacher, "77")).statusCode).toBe(200);
		expect(cloud.requests).toHaveLength(0);
	});

	it("accepts a signature within the window (600 s old, 60 s ahead)", async () => {
		const sample = JSON.stringify({ NotificationId: "n-sample-window", EventType: "SampleNotification", EventTime: "2026-03-02T10:00:00Z", EventPayload: {} });
		expect((await send(sample, { "roblox-signature": signRobloxBody(SECRET, nowSeconds() - 600, sample) })).statusCode).toBe(200);
		expect((await send(sample, { "roblox-signature": signRobloxBody(SECRET, nowSeconds() + 60, sample) })).statusCode).toBe(200);
	});

	it("answers the dashboard's SampleNotification with 200 and does nothing", async () => {
		const res = await signed(JSON.stringify({ NotificationId: "n-sample", EventType: "SampleNotification", EventTime: "2026-03-02T10:00:00Z", EventPayload: { UserId: 77, GameIds: [111] } }));
		expect(res.statusCode, res.body).toBe(200);
		expect(res.json()).toEqual({ status: "sample", schools: 0, dataStores: "none" });
		const body = JSON.stringify({ NotificationId: "n-sample-charset", EventType: "SampleNotification", EventPayload: {} });
		const withCharset = await send(body, { "content-type": "application/json; charset=utf-8", "roblox-signature": signRobloxBody(SECRET, nowSeconds(), body) });
		expect(withCharset.statusCode, withCharset.body).toBe(200);
		expect((await progressOf(w.a.teacher, "77")).statusCode).toBe(200);
	});

	it("acknowledges an unknown EventType with 200 (so Roblox stops retrying) and does nothing", async () => {
		const res = await signed(JSON.stringify({ NotificationId: "n-unknown", EventType: "SomethingNew", EventPayload: { UserId: 77, GameIds: [111] } }));
		expect(res.statusCode, res.body).toBe(200);
		expect(res.json()).toMatchObject({ status: "ignored" });
		expect((await progressOf(w.a.teacher, "77")).statusCode).toBe(200);
	});

	it("refuses signed but malformed notifications with 400, never 500", async () => {
		const bodies = [
			'{"NotificationId":"n-big","EventType":"RightToErasureRequest","EventPayload":{"UserId":9007199254740993,"GameIds":[111]}}',
			'{"NotificationId":"n-big2","EventType":"RightToErasureRequest","EventPayload":{"UserId":77,"GameIds":[18446744073709551617]}}',
			'{"NotificationId":"n-huge","EventType":"RightToErasureRequest","EventPayload":{"UserId":1e400,"GameIds":[111]}}',
			'{"NotificationId":"n-str","EventType":"RightToErasureRequest","EventPayload":{"UserId":"77","GameIds":[111]}}',
			'{"NotificationId":"n-none","EventType":"RightToErasureRequest","EventPayload":{"GameIds":[111]}}',
			'{"NotificationId":"n-\\u0000","EventType":"RightToErasureRequest","EventPayload":{"UserId":77,"GameIds":[111]}}',
			'{"EventType":"RightToErasureRequest","EventPayload":{"UserId":77,"GameIds":[111]}}',
			'{"NotificationId":"n-proto","EventType":"RightToErasureRequest","__proto__":{"x":1},"EventPayload":{"UserId":77,"GameIds":[111]}}',
			"{not json",
		];
		for (const body of bodies) {
			const res = await signed(body);
			expect(res.statusCode, `${body} -> ${res.body}`).toBe(400);
			expect(res.json().error.code).toMatch(/^(INVALID_REQUEST|VALIDATION_ERROR)$/);
		}
		expect((await progressOf(w.a.teacher, "77")).statusCode).toBe(200);
		expect(cloud.requests).toHaveLength(0);
	});

	it("erases the user in the schools with a place key in the listed games, and their profile entries there", async () => {
		const res = await signed(erasure("n-1", 77, [111, 333, 999]));
		expect(res.statusCode, res.body).toBe(200);
		expect(res.json()).toEqual({ status: "erased", schools: 2, dataStores: "queued" });
		expect((await progressOf(w.a.teacher, "77")).statusCode).toBe(404);
		expect((await progressOf(c.teacher, "77")).statusCode).toBe(404);
		// School b has no place key in 111 or 333: it keeps 77's data, and 88 stays in school a.
		expect(JSON.stringify((await progressOf(w.b.teacher, "77")).json())).toContain("first_quiz");
		expect(JSON.stringify((await progressOf(w.a.teacher, "88")).json())).toContain("first_quiz");

		await w.t.services.jobs.idle();
		expect(cloud.entries.has("111/ClassroomProfiles_v1/global/player_77")).toBe(false);
		expect(cloud.entries.has("333/ClassroomProfiles_v1/global/player_77")).toBe(false);
		expect(cloud.entries.has("222/ClassroomProfiles_v1/global/player_77")).toBe(true);
		expect(cloud.entries.has("111/ClassroomProfiles_v1/global/player_88")).toBe(true);
		expect(cloud.requests.map((r) => `${r.method} ${r.path} ${r.auth}`).sort()).toEqual([
			"DELETE /datastores/v1/universes/111/standard-datastores/datastore/entries/entry api_key",
			"DELETE /datastores/v1/universes/333/standard-datastores/datastore/entries/entry api_key",
		]);
	});

	it("audits counts only, under the Roblox user id", async () => {
		const rows = await w.t.services.database.db.select().from(auditLog).where(and(eq(auditLog.targetType, "roblox_user"), eq(auditLog.targetId, "77")));
		const erased = rows.filter((r) => r.action === "player.erase");
		expect(erased.map((r) => r.schoolId).sort()).toEqual([w.a.id, (await schoolOf(c.teacher))].sort());
		for (const row of erased) {
			expect(row.actorKind).toBe("system");
			expect(row.details).toEqual({ via: "roblox_webhook", sessionPlayers: 1, quizAnswers: 1, progressEvents: 1, achievements: 1 });
		}
		expect(rows.filter((r) => r.action === "player.erase_datastores").map((r) => r.details)).toEqual([{ via: "roblox_webhook", attempt: 1, deleted: 2, absent: 0, failed: 0 }]);
	});

	it("does a redelivered NotificationId once", async () => {
		// School b gains data again for 77 in a universe listed in the redelivery: untouched.
		const res = await signed(erasure("n-1", 77, [111, 222, 333]));
		expect(res.statusCode, res.body).toBe(200);
		expect(res.json()).toEqual({ status: "duplicate", schools: 0, dataStores: "none" });
		await w.t.services.jobs.idle();
		expect(cloud.requests).toHaveLength(2);
		expect(JSON.stringify((await progressOf(w.b.teacher, "77")).json())).toContain("first_quiz");
		const rows = await w.t.services.database.db.select().from(auditLog).where(eq(auditLog.action, "player.erase"));
		expect(rows).toHaveLength(2);
	});

	it("does a notification delivered twice at once once", async () => {
		const body = erasure("n-2", 99, [111]);
		const answers = await Promise.all([signed(body), signed(body)]);
		expect(answers.map((r) => r.statusCode)).toEqual([200, 200]);
		expect(answers.map((r) => r.json().status).sort()).toEqual(["duplicate", "erased"]);
		await w.t.services.jobs.idle();
		const rows = await w.t.services.database.db.select().from(auditLog).where(and(eq(auditLog.action, "player.erase"), eq(auditLog.targetId, "99")));
		expect(rows).toHaveLength(1);
	});

	it("is documented in the OpenAPI schema", async () => {
		const spec = (await w.t.request({ method: "GET", url: "/openapi.json" })).json();
		const op = spec.paths[URL]?.post;
		expect(op).toMatchObject({ summary: expect.stringContaining("Erasure") });
		expect(op.description).toContain("roblox-signature");
	});

	it("answers 404 in the classroom envelope when ROBLOX_WEBHOOK_SECRET is not set", async () => {
		const t = await startTestApp();
		try {
			const body = erasure("n-off", 77, [111]);
			const res = await t.request({ method: "POST", url: URL, payload: body, headers: { "content-type": "application/json", "roblox-signature": signRobloxBody(SECRET, Math.floor(Date.now() / 1000), body) } });
			expectError(res, 404, "NOT_FOUND");
		} finally {
			await t.close();
		}
	});
});

const nowSeconds = () => Math.floor(w.now.ms / 1000);
const erasure = (id: string, userId: number, games: number[]) =>
	JSON.stringify({ NotificationId: id, EventType: "RightToErasureRequest", EventTime: "2026-03-02T10:00:00.000Z", EventPayload: { UserId: userId, GameIds: games } });
const send = (body: string, headers: Record<string, string>) => w.t.request({ method: "POST", url: URL, payload: body, headers: { "content-type": "application/json", ...headers } });
const signed = (body: string) => send(body, { "roblox-signature": signRobloxBody(SECRET, nowSeconds(), body) });
const progressOf = (token: string, player: string) => w.t.request({ method: "GET", url: `/v2/roblox/progress/${player}`, token });

async function schoolOf(teacherToken: string): Promise<string> {
	const me = await w.t.request({ method: "GET", url: "/v2/users/me", token: teacherToken });
	return me.json().data.school_id;
}

/** A session in the school's place where the players join, answer and report progress with an achievement. */
async function play(teacher: string, key: string, players: string[]) {
	const { t, now } = w;
	const { contentId, content } = await makeContent(t, teacher);
	const [q1] = content.quiz.questions;
	const created = await t.request({ method: "POST", url: "/v2/roblox/sessions", token: key, payload: { contentId, maxPlayers: 5, settings: {} } });
	expect(created.statusCode, created.body).toBe(201);
	const sessionId = created.json().sessionId;
	for (const id of players) expect((await t.request({ method: "POST", url: `/v2/roblox/sessions/${sessionId}/join`, token: key, payload: { playerId: id, playerName: `P${id}` } })).statusCode).toBe(200);
	expect((await t.request({ method: "POST", url: `/v2/roblox/sessions/${sessionId}/questions/${q1.id}/open`, token: key, payload: {} })).statusCode).toBe(200);
	now.ms += 2000;
	for (const id of players) {
		const r = await t.request({ method: "POST", url: "/v2/roblox/quiz/answer", token: key, payload: { playerId: id, sessionId, questionId: q1.id, answer: q1.correct } });
		expect(r.statusCode, r.body).toBe(200);
	}
	const timestamp = new Date(now.ms).toISOString();
	const progress = await t.request({ method: "POST", url: "/v2/roblox/progress", token: key, payload: players.map((playerId) => ({ playerId, sessionId, lessonId: contentId, progress: 100, score: 950, achievements: ["first_quiz"], timestamp })) });
	expect(progress.statusCode, progress.body).toBe(200);
}
