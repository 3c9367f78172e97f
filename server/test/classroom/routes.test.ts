import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, makeContent, startClassroom, type ClassroomWorld } from "./helpers.js";

/**
 * Every classroom route: good input, bad input (400 INVALID_REQUEST naming the field), an unknown
 * key (401) and the other school's credentials (403/404, never data).
 */
let w: ClassroomWorld;
let contentId: string;
let sessionId: string;
let questionId: string;
beforeAll(async () => {
	w = await startClassroom();
	const content = await makeContent(w.t, w.a.teacher);
	contentId = content.contentId;
	questionId = content.content.quiz.questions[0].id;
	const s = await w.t.request({ method: "POST", url: "/v2/roblox/sessions", token: w.a.key, payload: { contentId, maxPlayers: 5 } });
	sessionId = s.json().sessionId;
	await w.t.request({ method: "POST", url: `/v2/roblox/sessions/${sessionId}/join`, token: w.a.key, payload: { playerId: "p1", playerName: "One" } });
	await w.t.request({ method: "POST", url: "/v2/roblox/progress", token: w.a.key, payload: { playerId: "p1", sessionId, lessonId: "l1", progress: 10, timestamp: "2026-03-02T10:00:00Z" } });
});
afterAll(async () => w.t.close());

interface Case {
	route: string;
	method: "GET" | "POST" | "DELETE";
	url: () => string;
	good?: () => unknown;
	goodStatus?: number;
	bad?: { url?: () => string; payload?: () => unknown; field: string };
	/** What the other school's place key gets (its teacher gets the same unless `otherTeacher` says). */
	other: number;
	otherTeacher?: number;
	otherPayload?: () => unknown;
	teacherOnly?: boolean;
}

const answer = () => ({ playerId: "p1", sessionId, questionId, answer: 0 });
const progress = (n: number) => ({ playerId: "p1", sessionId, lessonId: "l1", progress: n, timestamp: `2026-03-02T10:0${n % 10}:00Z` });

const CASES: Case[] = [
	{ route: "POST /place-keys", method: "POST", url: () => "/v2/roblox/place-keys", teacherOnly: true, good: () => ({ universeId: "9", placeId: "99" }), goodStatus: 201, bad: { payload: () => ({ universeId: "bad id", placeId: "1" }), field: "universeId" }, other: 403, otherTeacher: 201 },
	{ route: "GET /place-keys", method: "GET", url: () => "/v2/roblox/place-keys", teacherOnly: true, other: 403, otherTeacher: 200 },
	{ route: "DELETE /place-keys/{id}", method: "DELETE", url: () => `/v2/roblox/place-keys/${w.a.keyId}`, teacherOnly: true, bad: { url: () => "/v2/roblox/place-keys/not-a-uuid", field: "key_id" }, other: 403, otherTeacher: 404 },
	{ route: "POST /generate-content", method: "POST", url: () => "/v2/roblox/generate-content", good: () => ({ subject: "Science", gradeLevel: 4, learningObjectives: [], maxQuestions: 2 }), bad: { payload: () => ({ subject: "Mathematics", gradeLevel: 13, learningObjectives: [] }), field: "gradeLevel" }, other: 200, otherPayload: () => ({ subject: "Geography", gradeLevel: 5, learningObjectives: [] }) },
	{ route: "GET /content/{id}", method: "GET", url: () => `/v2/roblox/content/${contentId}`, other: 404 },
	{ route: "POST /apply-content", method: "POST", url: () => "/v2/roblox/apply-content", good: () => ({ contentId, placeId: "1001" }), bad: { payload: () => ({ contentId }), field: "placeId" }, other: 404, otherPayload: () => ({ contentId, placeId: "2002" }) },
	{ route: "GET /places/{id}/content", method: "GET", url: () => "/v2/roblox/places/1001/content", bad: { url: () => "/v2/roblox/places/bad%20place/content", field: "place_id" }, other: 403, otherTeacher: 404 },
	{ route: "POST /sessions", method: "POST", url: () => "/v2/roblox/sessions", good: () => ({ contentId, maxPlayers: 2 }), goodStatus: 201, bad: { payload: () => ({ contentId, maxPlayers: 0 }), field: "maxPlayers" }, other: 404 },
	{ route: "GET /sessions/{id}", method: "GET", url: () => `/v2/roblox/sessions/${sessionId}`, other: 404 },
	{ route: "POST /sessions/{id}/join", method: "POST", url: () => `/v2/roblox/sessions/${sessionId}/join`, good: () => ({ playerId: "p2", playerName: "Two" }), bad: { payload: () => ({ playerId: "p3" }), field: "playerName" }, other: 404 },
	{ route: "POST /sessions/{id}/leave", method: "POST", url: () => `/v2/roblox/sessions/${sessionId}/leave`, good: () => ({ playerId: "p2" }), bad: { payload: () => ({ player: "p2" }), field: "playerId" }, other: 404 },
	{ route: "POST /sessions/{id}/questions/{q}/open", method: "POST", url: () => `/v2/roblox/sessions/${sessionId}/questions/${questionId}/open`, other: 404 },
	{ route: "POST /quiz/answer", method: "POST", url: () => "/v2/roblox/quiz/answer", good: answer, bad: { payload: () => ({ ...answer(), answer: undefined }), field: "answer" }, other: 404 },
	{ route: "GET /quiz/{id}/results", method: "GET", url: () => `/v2/roblox/quiz/${sessionId}/results`, other: 404 },
	{ route: "POST /progress", method: "POST", url: () => "/v2/roblox/progress", good: () => [progress(20), progress(30)], bad: { payload: () => [progress(40), { ...progress(41), progress: 101 }], field: "1.progress" }, other: 404 },
	{ route: "GET /progress/{player}", method: "GET", url: () => "/v2/roblox/progress/p1", bad: { url: () => "/v2/roblox/progress/p%201", field: "player_id" }, other: 404 },
	{ route: "GET /analytics/sessions/{id}", method: "GET", url: () => `/v2/roblox/analytics/sessions/${sessionId}`, other: 404 },
	{ route: "GET /analytics/players/{id}", method: "GET", url: () => "/v2/roblox/analytics/players/p1", bad: { url: () => "/v2/roblox/analytics/players/p%3F1", field: "player_id" }, other: 404 },
	{ route: "POST /sessions/{id}/end", method: "POST", url: () => `/v2/roblox/sessions/${sessionId}/end`, other: 404 },
];

describe("classroom routes", () => {
	for (const c of CASES) {
		it(`${c.route}: good, bad, unknown key, other school`, async () => {
			const { t, a, b } = w;
			const send = (token: string | undefined, payload?: unknown, url = c.url()) => t.request({ method: c.method, url, token, ...(payload === undefined ? {} : { payload: payload as object }) });

			// another school first, so the good call below cannot have changed anything it sees
			const byOtherKey = await send(b.key, c.otherPayload?.() ?? c.good?.());
			expect(byOtherKey.statusCode, `${c.route} other key: ${byOtherKey.body}`).toBe(c.other);
			if (c.other === 404) expect(byOtherKey.json().error.code).toBe("NOT_FOUND");
			const byOtherTeacher = await send(b.teacher, c.otherPayload?.() ?? c.good?.());
			expect(byOtherTeacher.statusCode, `${c.route} other teacher: ${byOtherTeacher.body}`).toBe(c.otherTeacher ?? c.other);

			expectError(await send("place_notarealkey000000000000000000000000", c.good?.()), 401, "UNAUTHORIZED");
			expectError(await send(undefined, c.good?.()), 401, "UNAUTHORIZED");
			expectError(await send(w.studentToken, c.good?.()), 403, "FORBIDDEN");
			if (c.bad) expectError(await send(a.teacher, c.bad.payload?.(), c.bad.url?.()), 400, "INVALID_REQUEST", c.bad.field);

			const good = await send(c.teacherOnly ? a.teacher : a.key, c.good?.());
			expect(good.statusCode, `${c.route} good: ${good.body}`).toBe(c.goodStatus ?? 200);
			if (c.route === "DELETE /place-keys/{id}") {
				// the revoked key stops working at once
				expectError(await t.request({ method: "GET", url: `/v2/roblox/sessions/${sessionId}`, token: a.key }), 401, "UNAUTHORIZED");
				const again = await t.request({ method: "POST", url: "/v2/roblox/place-keys", token: a.teacher, payload: { universeId: "111", placeId: "1001" } });
				a.key = again.json().key;
				a.keyId = again.json().id;
			}
		});
	}

	it("another school's listing shows none of this school's keys, and keys are never listed in clear", async () => {
		const listA = (await w.t.request({ method: "GET", url: "/v2/roblox/place-keys", token: w.a.teacher })).json().keys;
		const listB = (await w.t.request({ method: "GET", url: "/v2/roblox/place-keys", token: w.b.teacher })).json().keys;
		expect(listA.map((k: { id: string }) => k.id)).toContain(w.a.keyId);
		expect(listB.map((k: { id: string }) => k.id)).not.toContain(w.a.keyId);
		expect(JSON.stringify(listA)).not.toContain(w.a.key);
	});

	it("an unsupported subject is a 400 naming subject", async () => {
		expectError(await w.t.request({ method: "POST", url: "/v2/roblox/generate-content", token: w.a.teacher, payload: { subject: "Underwater basket weaving", gradeLevel: 5, learningObjectives: [] } }), 400, "INVALID_REQUEST", "subject");
	});

	it("erases a player without an Open Cloud key: classroom data only, and says the DataStores were not touched", async () => {
		const admin = (await w.t.createUser({ role: "admin", schoolId: w.a.id })).token;
		const res = await w.t.request({ method: "DELETE", url: "/v2/roblox/players/5/data", token: admin });
		expect(res.statusCode, res.body).toBe(200);
		expect(res.json().dataStores).toEqual({ status: "not_configured", entries: [] });
	});
});
