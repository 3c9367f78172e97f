import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, makeContent, startClassroom, type ClassroomWorld } from "./helpers.js";

/**
 * The spec's classroom rules kept exactly: sessions belong to the place that created them,
 * progress and answers only from players in the session, streaks in question order whatever the
 * order of arrival, replays answer with the recorded values.
 */
let w: ClassroomWorld;
let otherPlaceKey: string;
beforeAll(async () => {
	w = await startClassroom();
	const res = await w.t.request({ method: "POST", url: "/v2/roblox/place-keys", token: w.a.teacher, payload: { universeId: "111", placeId: "1003", name: "second place" } });
	expect(res.statusCode, res.body).toBe(201);
	otherPlaceKey = res.json().key;
});
afterAll(async () => w.t.close());

const post = (url: string, token: string, payload?: unknown) => w.t.request({ method: "POST", url: `/v2/roblox${url}`, token, ...(payload === undefined ? {} : { payload: payload as object }) });
const get = (url: string, token: string) => w.t.request({ method: "GET", url: `/v2/roblox${url}`, token });

async function placeSession(maxQuestions = 3, key = w.a.key) {
	const { contentId, content } = await makeContent(w.t, w.a.teacher, { maxQuestions });
	const res = await post("/sessions", key, { contentId, maxPlayers: 10 });
	expect(res.statusCode, res.body).toBe(201);
	return { sessionId: res.json().sessionId as string, questions: content.quiz.questions };
}

const wrongOf = (q: { correct: number; options: string[] }) => (q.correct + 1) % q.options.length;

describe("a session belongs to the place that created it", () => {
	it("another place of the same school gets 403 on every session route; the creating place and the school's teacher do not", async () => {
		const s = await placeSession();
		const q = s.questions[0];
		await post(`/sessions/${s.sessionId}/join`, w.a.key, { playerId: "p1", playerName: "P" });
		await post(`/sessions/${s.sessionId}/questions/${q.id}/open`, w.a.key);
		const progress = { playerId: "p1", sessionId: s.sessionId, lessonId: "l1", progress: 10, timestamp: new Date(w.now.ms).toISOString() };

		expectError(await get(`/sessions/${s.sessionId}`, otherPlaceKey), 403, "FORBIDDEN");
		expectError(await post(`/sessions/${s.sessionId}/join`, otherPlaceKey, { playerId: "p2", playerName: "Q" }), 403, "FORBIDDEN");
		expectError(await post(`/sessions/${s.sessionId}/leave`, otherPlaceKey, { playerId: "p1" }), 403, "FORBIDDEN");
		expectError(await post(`/sessions/${s.sessionId}/questions/${q.id}/open`, otherPlaceKey), 403, "FORBIDDEN");
		expectError(await post("/quiz/answer", otherPlaceKey, { playerId: "p1", sessionId: s.sessionId, questionId: q.id, answer: q.correct }), 403, "FORBIDDEN", "sessionId");
		expectError(await post("/progress", otherPlaceKey, progress), 403, "FORBIDDEN", "sessionId");
		expectError(await get(`/quiz/${s.sessionId}/results`, otherPlaceKey), 403, "FORBIDDEN");
		expectError(await get(`/analytics/sessions/${s.sessionId}`, otherPlaceKey), 403, "FORBIDDEN");
		expectError(await post(`/sessions/${s.sessionId}/end`, otherPlaceKey), 403, "FORBIDDEN");

		expect((await get(`/sessions/${s.sessionId}`, w.a.key)).json().status).toBe("active");
		expect((await post("/progress", w.a.key, progress)).statusCode).toBe(200);
		expect((await get(`/quiz/${s.sessionId}/results`, w.a.teacher)).statusCode).toBe(200);
		expect((await post(`/sessions/${s.sessionId}/end`, w.a.teacher)).json().status).toBe("ended");
	});

	it("a session a teacher created is open to every place of the school", async () => {
		const { contentId } = await makeContent(w.t, w.a.teacher, { maxQuestions: 1 });
		const res = await post("/sessions", w.a.teacher, { contentId });
		expect((await post(`/sessions/${res.json().sessionId}/join`, otherPlaceKey, { playerId: "p1", playerName: "P" })).statusCode).toBe(200);
		expect((await post(`/sessions/${res.json().sessionId}/join`, w.a.key, { playerId: "p2", playerName: "Q" })).statusCode).toBe(200);
	});
});

describe("progress and answers come only from players in the session", () => {
	it("refuses progress for a player who never joined (409 PLAYER_NOT_JOINED, naming the item)", async () => {
		const s = await placeSession();
		await post(`/sessions/${s.sessionId}/join`, w.a.key, { playerId: "in", playerName: "In" });
		const at = new Date(w.now.ms).toISOString();
		expectError(await post("/progress", w.a.key, { playerId: "ghost", sessionId: s.sessionId, lessonId: "l1", progress: 50, timestamp: at }), 409, "PLAYER_NOT_JOINED", "playerId");
		const batch = [
			{ playerId: "in", sessionId: s.sessionId, lessonId: "l1", progress: 50, timestamp: at },
			{ playerId: "ghost", sessionId: s.sessionId, lessonId: "l1", progress: 50, timestamp: at },
		];
		expectError(await post("/progress", w.a.key, batch), 409, "PLAYER_NOT_JOINED", "1.playerId");
		const after = await get("/progress/in", w.a.key);
		expect(after.json().currentSession).toBeNull(); // the batch was refused whole
	});

	it("refuses progress dated after the session ended, and keeps late-arriving reports dated before the end", async () => {
		const s = await placeSession();
		await post(`/sessions/${s.sessionId}/join`, w.a.key, { playerId: "late", playerName: "Late" });
		const before = new Date(w.now.ms).toISOString();
		w.now.ms += 5_000;
		await post(`/sessions/${s.sessionId}/end`, w.a.key);
		w.now.ms += 10_000; // beyond the 5 s allowed for the game server's clock
		expect((await post("/progress", w.a.key, { playerId: "late", sessionId: s.sessionId, lessonId: "l1", progress: 40, timestamp: before })).json()).toMatchObject({ accepted: 1 });
		const after = new Date(w.now.ms).toISOString();
		expectError(await post("/progress", w.a.key, { playerId: "late", sessionId: s.sessionId, lessonId: "l1", progress: 60, timestamp: after }), 409, "SESSION_ENDED", "timestamp");
	});

	it("refuses progress dated after the player left", async () => {
		const s = await placeSession();
		await post(`/sessions/${s.sessionId}/join`, w.a.key, { playerId: "gone", playerName: "Gone" });
		const whileIn = new Date(w.now.ms).toISOString();
		w.now.ms += 2_000;
		await post(`/sessions/${s.sessionId}/leave`, w.a.key, { playerId: "gone" });
		w.now.ms += 10_000;
		expect((await post("/progress", w.a.key, { playerId: "gone", sessionId: s.sessionId, lessonId: "l1", progress: 40, timestamp: whileIn })).statusCode).toBe(200);
		expectError(
			await post("/progress", w.a.key, { playerId: "gone", sessionId: s.sessionId, lessonId: "l1", progress: 90, timestamp: new Date(w.now.ms).toISOString() }),
			409,
			"PLAYER_NOT_JOINED",
			"playerId",
		);
	});

	it("a player who left can no longer answer or score; after re-joining they can", async () => {
		const s = await placeSession();
		const [q1, q2] = s.questions;
		await post(`/sessions/${s.sessionId}/join`, w.a.key, { playerId: "leaver", playerName: "L" });
		await post(`/sessions/${s.sessionId}/questions/${q1.id}/open`, w.a.key);
		await post(`/sessions/${s.sessionId}/leave`, w.a.key, { playerId: "leaver" });
		expectError(await post("/quiz/answer", w.a.key, { playerId: "leaver", sessionId: s.sessionId, questionId: q1.id, answer: q1.correct }), 409, "PLAYER_NOT_JOINED", "playerId");
		const results = (await get(`/quiz/${s.sessionId}/results`, w.a.key)).json();
		expect(results.playerResults[0]).toMatchObject({ playerId: "leaver", totalScore: 0, answered: 0 });
		await post(`/sessions/${s.sessionId}/join`, w.a.key, { playerId: "leaver", playerName: "L" });
		await post(`/sessions/${s.sessionId}/questions/${q2.id}/open`, w.a.key);
		expect((await post("/quiz/answer", w.a.key, { playerId: "leaver", sessionId: s.sessionId, questionId: q2.id, answer: q2.correct })).json()).toMatchObject({ points: 1000 });
	});
});

describe("streaks in question order, whatever the order of arrival", () => {
	async function openAll(n: number) {
		const s = await placeSession(n);
		await post(`/sessions/${s.sessionId}/join`, w.a.key, { playerId: "p", playerName: "P" });
		for (const q of s.questions) await post(`/sessions/${s.sessionId}/questions/${q.id}/open`, w.a.key);
		return s;
	}
	const answer = (s: { sessionId: string }, q: { id: string }, option: number) => ({ playerId: "p", sessionId: s.sessionId, questionId: q.id, answer: option });

	it("a batch [q1 right, q3 right, q2 wrong] gives q3 no streak", async () => {
		const s = await openAll(3);
		const [q1, q2, q3] = s.questions;
		const res = await post("/quiz/answer", w.a.key, [answer(s, q1, q1.correct), answer(s, q3, q3.correct), answer(s, q2, wrongOf(q2))]);
		expect(res.statusCode, res.body).toBe(200);
		const results = (await get(`/quiz/${s.sessionId}/results`, w.a.key)).json();
		expect(results.playerResults[0].totalScore).toBe(1000 + 0 + 1000);
		// The replay of q3 reports what is recorded now: a streak of 1, no bonus.
		expect((await post("/quiz/answer", w.a.key, answer(s, q3, q3.correct))).json()).toMatchObject({ alreadyAnswered: true, streak: 1, streakBonus: 0, points: 1000 });
	});

	it("the same answers in any order score the same: a late q2 extends the run to q3", async () => {
		const inOrder = await openAll(3);
		const [a1, a2, a3] = inOrder.questions;
		await post("/quiz/answer", w.a.key, [answer(inOrder, a1, a1.correct), answer(inOrder, a2, a2.correct), answer(inOrder, a3, a3.correct)]);
		const shuffled = await openAll(3);
		const [b1, b2, b3] = shuffled.questions;
		await post("/quiz/answer", w.a.key, [answer(shuffled, b3, b3.correct), answer(shuffled, b1, b1.correct), answer(shuffled, b2, b2.correct)]);
		const total = async (id: string) => (await get(`/quiz/${id}/results`, w.a.key)).json().playerResults[0].totalScore;
		expect(await total(inOrder.sessionId)).toBe(1000 + 1100 + 1200);
		expect(await total(shuffled.sessionId)).toBe(1000 + 1100 + 1200);
		expect((await post("/quiz/answer", w.a.key, answer(shuffled, b3, b3.correct))).json()).toMatchObject({ streak: 3, streakBonus: 200, points: 1200, alreadyAnswered: true });
	});

	it("skipping an opened question breaks the streak", async () => {
		const s = await openAll(3);
		const [q1, , q3] = s.questions;
		await post("/quiz/answer", w.a.key, answer(s, q1, q1.correct));
		expect((await post("/quiz/answer", w.a.key, answer(s, q3, q3.correct))).json()).toMatchObject({ streak: 1, streakBonus: 0, points: 1000 });
	});

	it("a replay returns the streak recorded for that answer, not the player's current one", async () => {
		const s = await openAll(2);
		const [q1, q2] = s.questions;
		await post("/quiz/answer", w.a.key, answer(s, q1, q1.correct));
		await post("/quiz/answer", w.a.key, answer(s, q2, q2.correct));
		expect((await post("/quiz/answer", w.a.key, answer(s, q1, q1.correct))).json()).toMatchObject({ alreadyAnswered: true, streak: 1, streakBonus: 0, points: 1000 });
	});
});

describe("a player's progress and score", () => {
	it("answers 200 for a player with only quiz activity; totalScore is the quiz score everywhere, progressScore the game's reports", async () => {
		const s = await placeSession(1);
		const [q1] = s.questions;
		await post(`/sessions/${s.sessionId}/join`, w.a.key, { playerId: "quizzer", playerName: "Quiz" });
		await post(`/sessions/${s.sessionId}/questions/${q1.id}/open`, w.a.key);
		await post("/quiz/answer", w.a.key, { playerId: "quizzer", sessionId: s.sessionId, questionId: q1.id, answer: q1.correct });
		const progress = await get("/progress/quizzer", w.a.key);
		expect(progress.statusCode, progress.body).toBe(200);
		expect(progress.json()).toMatchObject({ playerId: "quizzer", totalScore: 1000, progressScore: 0, completedLessons: 0 });
		const analytics = await get("/analytics/players/quizzer", w.a.teacher);
		expect(analytics.json().totalScore).toBe(1000);

		await post("/progress", w.a.key, { playerId: "quizzer", sessionId: s.sessionId, lessonId: "l1", progress: 100, score: 1000, timestamp: new Date(w.now.ms).toISOString() });
		expect((await get("/progress/quizzer", w.a.key)).json()).toMatchObject({ totalScore: 1000, progressScore: 1000, completedLessons: 1 });
		expectError(await get("/progress/nobody", w.a.key), 404, "NOT_FOUND");
	});
});
