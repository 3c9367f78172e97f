import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenCloud, type OpenCloudStandIn } from "../roblox/standins.js";
import { expectError, makeContent, startClassroom, type ClassroomWorld } from "./helpers.js";

/**
 * Right to Erasure over HTTP: DELETE /v2/roblox/players/{robloxUserId}/data (school admins)
 * deletes a player's rosters, answers, progress and achievements in the admin's school, leaves
 * everyone else's, and with an Open Cloud key deletes their profile entry in the school's
 * universes (a loopback Open Cloud stand-in). Repeating it is harmless. (Without an Open Cloud
 * key: routes.test.ts, on its app without one.)
 */
const API_KEY = "erasure-open-cloud-key";
let w: ClassroomWorld;
let cloud: OpenCloudStandIn;
let admin: string;
let sessionId: string;

beforeAll(async () => {
	cloud = await startOpenCloud({ apiKey: API_KEY, bearerTokens: new Set() });
	w = await startClassroom({ ROBLOX_API_BASE_URL: cloud.url, ROBLOX_OPEN_CLOUD_API_KEY: API_KEY });
	const { t, a, now } = w;
	admin = (await t.createUser({ role: "admin", schoolId: a.id })).token;
	const { contentId, content } = await makeContent(t, a.teacher);
	const [q1] = content.quiz.questions;
	const created = await t.request({ method: "POST", url: "/v2/roblox/sessions", token: a.key, payload: { contentId, maxPlayers: 5, settings: {} } });
	expect(created.statusCode, created.body).toBe(201);
	sessionId = created.json().sessionId;
	for (const [id, name] of [["77", "Ana"], ["88", "Ben"]]) {
		expect((await t.request({ method: "POST", url: `/v2/roblox/sessions/${sessionId}/join`, token: a.key, payload: { playerId: id, playerName: name } })).statusCode).toBe(200);
	}
	expect((await t.request({ method: "POST", url: `/v2/roblox/sessions/${sessionId}/questions/${q1.id}/open`, token: a.key, payload: {} })).statusCode).toBe(200);
	now.ms += 2000;
	for (const id of ["77", "88"]) {
		const r = await t.request({ method: "POST", url: "/v2/roblox/quiz/answer", token: a.key, payload: { playerId: id, sessionId, questionId: q1.id, answer: q1.correct } });
		expect(r.statusCode, r.body).toBe(200);
	}
	const progress = await t.request({
		method: "POST",
		url: "/v2/roblox/progress",
		token: a.key,
		payload: ["77", "88"].map((playerId) => ({ playerId, sessionId, lessonId: contentId, progress: 100, score: 950, achievements: ["first_quiz"], timestamp: "2026-03-02T10:00:05.000Z" })),
	});
	expect(progress.statusCode, progress.body).toBe(200);
	// The place saved both profiles (tagged with their user ids) in the school's universe 111.
	for (const id of ["77", "88"]) {
		cloud.entries.set(`111/ClassroomProfiles_v1/global/player_${id}`, { body: '{"data":{}}', version: 1, userIds: `[${id}]` });
	}
});
afterAll(async () => {
	await w.t.close();
	await cloud.close();
});

const erase = (userId: string, token: string, query = "") => w.t.request({ method: "DELETE", url: `/v2/roblox/players/${userId}/data${query}`, token });

describe("Right to Erasure", () => {
	it("is for school admins only, with a Roblox user id", async () => {
		expectError(await erase("77", w.a.teacher), 403, "FORBIDDEN");
		expectError(await erase("77", w.a.key), 403, "FORBIDDEN");
		expectError(await erase("not-a-number", admin), 400, "INVALID_REQUEST");
		expect((await w.t.request({ method: "DELETE", url: "/v2/roblox/players/77/data" })).statusCode).toBe(401);
	});

	it("deletes the player's classroom data and profile entry, and nobody else's", async () => {
		const res = await erase("77", admin);
		expect(res.statusCode, res.body).toBe(200);
		expect(res.json()).toEqual({
			robloxUserId: "77",
			deleted: { sessionPlayers: 1, quizAnswers: 1, progressEvents: 1, achievements: 1 },
			dataStores: { status: "done", entries: [{ universeId: "111", dataStore: "ClassroomProfiles_v1", scope: "global", key: "player_77", outcome: "deleted" }] },
		});
		expect(cloud.entries.has("111/ClassroomProfiles_v1/global/player_77")).toBe(false);
		expect(cloud.entries.has("111/ClassroomProfiles_v1/global/player_88")).toBe(true);
		expect(cloud.requests.at(-1)).toMatchObject({ method: "DELETE", auth: "api_key" });

		const results = (await w.t.request({ method: "GET", url: `/v2/roblox/quiz/${sessionId}/results`, token: w.a.teacher })).json();
		expect(JSON.stringify(results)).not.toContain('"77"');
		expect(JSON.stringify(results)).toContain('"88"');
		const gone = await w.t.request({ method: "GET", url: "/v2/roblox/progress/77", token: w.a.teacher });
		expect(JSON.stringify(gone.json())).not.toContain("first_quiz");
		const kept = await w.t.request({ method: "GET", url: "/v2/roblox/progress/88", token: w.a.teacher });
		expect(JSON.stringify(kept.json())).toContain("first_quiz");
	});

	it("is safe to repeat: zeros and an absent entry", async () => {
		const again = await erase("77", admin);
		expect(again.json()).toMatchObject({
			deleted: { sessionPlayers: 0, quizAnswers: 0, progressEvents: 0, achievements: 0 },
			dataStores: { status: "done", entries: [{ key: "player_77", outcome: "absent" }] },
		});
	});

	it("erases only in the admin's school", async () => {
		const otherAdmin = (await w.t.createUser({ role: "admin", schoolId: w.b.id })).token;
		const res = await erase("88", otherAdmin);
		expect(res.json()).toMatchObject({ deleted: { sessionPlayers: 0, quizAnswers: 0, progressEvents: 0, achievements: 0 } });
		// School b's place keys are for universe 222: school a's entry in 111 stays.
		expect(res.json().dataStores.entries).toEqual([expect.objectContaining({ universeId: "222", outcome: "absent" })]);
		expect(cloud.entries.has("111/ClassroomProfiles_v1/global/player_88")).toBe(true);
	});

	it("is documented in the OpenAPI schema", async () => {
		const spec = (await w.t.request({ method: "GET", url: "/openapi.json" })).json();
		const op = spec.paths["/v2/roblox/players/{robloxUserId}/data"]?.delete;
		expect(op).toMatchObject({ summary: expect.stringContaining("Erasure") });
		expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["200"]));
	});
});
