import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../src/db/tables.js";
import { expectError, makeContent, startClassroom, type ClassroomWorld } from "./helpers.js";

let w: ClassroomWorld;
beforeAll(async () => {
	w = await startClassroom();
});
afterAll(async () => w.t.close());

const post = (url: string, token: string, payload?: unknown) => w.t.request({ method: "POST", url: `/v2/roblox${url}`, token, ...(payload === undefined ? {} : { payload: payload as object }) });
const get = (url: string, token: string, headers: Record<string, string> = {}) => w.t.request({ method: "GET", url: `/v2/roblox${url}`, token, headers });

async function newSession(settings: Record<string, unknown> = {}, maxQuestions = 3) {
	const { contentId, content } = await makeContent(w.t, w.a.teacher, { maxQuestions });
	const res = await post("/sessions", w.a.key, { contentId, maxPlayers: 10, settings });
	expect(res.statusCode, res.body).toBe(201);
	return { sessionId: res.json().sessionId as string, contentId, questions: content.quiz.questions };
}

describe("session lifecycle", () => {
	it("refuses joins after the end (SESSION_ENDED) and after expiry (SESSION_EXPIRED)", async () => {
		const ended = await newSession();
		expect((await post(`/sessions/${ended.sessionId}/end`, w.a.teacher)).json().status).toBe("ended");
		expectError(await post(`/sessions/${ended.sessionId}/join`, w.a.key, { playerId: "p1", playerName: "P" }), 409, "SESSION_ENDED");

		const short = await newSession({ timeLimit: 60 });
		expect((await post(`/sessions/${short.sessionId}/join`, w.a.key, { playerId: "p1", playerName: "P" })).statusCode).toBe(200);
		w.now.ms += 60_000;
		expect((await get(`/sessions/${short.sessionId}`, w.a.key)).json().status).toBe("expired");
		expectError(await post(`/sessions/${short.sessionId}/join`, w.a.key, { playerId: "p2", playerName: "Q" }), 409, "SESSION_EXPIRED");
	});

	it("answers need a joined player and an opened question; the open question is visible without its key", async () => {
		const s = await newSession();
		const q = s.questions[0];
		expectError(await post("/quiz/answer", w.a.key, { playerId: "ghost", sessionId: s.sessionId, questionId: q.id, answer: 0 }), 409, "PLAYER_NOT_JOINED", "playerId");
		await post(`/sessions/${s.sessionId}/join`, w.a.key, { playerId: "p1", playerName: "P" });
		expectError(await post("/quiz/answer", w.a.key, { playerId: "p1", sessionId: s.sessionId, questionId: q.id, answer: 0 }), 409, "QUESTION_NOT_OPEN", "questionId");
		expectError(await post("/quiz/answer", w.a.key, { playerId: "p1", sessionId: s.sessionId, questionId: "q99", answer: 0 }), 404, "NOT_FOUND", "questionId");
		expectError(await post("/quiz/answer", w.a.key, { playerId: "p1", sessionId: s.sessionId, questionId: q.id, answer: "not an option" }), 400, "INVALID_REQUEST", "answer");
		const opened = await post(`/sessions/${s.sessionId}/questions/${q.id}/open`, w.a.teacher);
		expect(opened.json()).toMatchObject({ questionId: q.id, timeLimit: 30 });
		const state = (await get(`/sessions/${s.sessionId}`, w.a.key)).json();
		expect(state.currentQuestion.question.options).toEqual(q.options);
		expect(state.currentQuestion.question).not.toHaveProperty("correct");
		expect(state.currentQuestion.question).not.toHaveProperty("explanation");
	});

	it("a streak adds +100 per correct answer in a row, capped at +500, and a wrong answer resets it", async () => {
		const s = await newSession({}, 8);
		await post(`/sessions/${s.sessionId}/join`, w.a.key, { playerId: "ace", playerName: "Ace" });
		const got: number[] = [];
		for (const [i, q] of s.questions.entries()) {
			await post(`/sessions/${s.sessionId}/questions/${q.id}/open`, w.a.teacher);
			const pick = i === 7 ? (q.correct + 1) % q.options.length : q.correct; // instant answers: 1000 each
			got.push((await post("/quiz/answer", w.a.key, { playerId: "ace", sessionId: s.sessionId, questionId: q.id, answer: pick })).json().points);
		}
		expect(got).toEqual([1000, 1100, 1200, 1300, 1400, 1500, 1500, 0]);
	});
});

describe("progress", () => {
	it("is idempotent per (player, session, timestamp): a retried batch never double counts", async () => {
		const s = await newSession();
		for (const playerId of ["p_a", "p_b"]) await post(`/sessions/${s.sessionId}/join`, w.a.key, { playerId, playerName: playerId });
		const batch = [
			{ playerId: "p_a", sessionId: s.sessionId, lessonId: "fractions", progress: 40, score: 300, achievements: ["first_quiz"], timestamp: "2026-03-02T10:01:00Z" },
			{ playerId: "p_a", sessionId: s.sessionId, lessonId: "fractions", progress: 100, score: 900, achievements: ["perfect_score"], timestamp: "2026-03-02T10:02:00Z" },
			{ playerId: "p_b", sessionId: s.sessionId, lessonId: "fractions", progress: 10, score: 50, timestamp: "2026-03-02T10:01:00Z" },
		];
		expect((await post("/progress", w.a.key, batch)).json()).toMatchObject({ accepted: 3, duplicates: 0 });
		const retry = (await post("/progress", w.a.key, batch)).json();
		expect(retry).toMatchObject({ accepted: 0, duplicates: 3 });
		expect(retry.results.map((r: { status: string }) => r.status)).toEqual(["duplicate", "duplicate", "duplicate"]);
		// the single-object form, and a duplicate of it inside one batch
		const single = { playerId: "p_a", sessionId: s.sessionId, lessonId: "decimals", progress: 30, score: 100, timestamp: "2026-03-02T10:03:00Z" };
		expect((await post("/progress", w.a.key, single)).json()).toMatchObject({ accepted: 1, duplicates: 0 });
		expect((await post("/progress", w.a.key, [single, single])).json()).toMatchObject({ accepted: 0, duplicates: 2 });

		const progress = (await get("/progress/p_a", w.a.teacher)).json();
		expect(progress).toMatchObject({
			playerId: "p_a",
			progressScore: 1000, // latest per (session, lesson): fractions 900 + decimals 100
			totalScore: 0, // quiz points scored on the backend: p_a answered nothing
			completedLessons: 1,
			achievements: [
				{ id: "first_quiz", name: "First Quiz", unlockedAt: "2026-03-02T10:01:00.000Z" },
				{ id: "perfect_score", name: "Perfect Score", unlockedAt: "2026-03-02T10:02:00.000Z" },
			],
		});
		expect(progress.currentSession).toMatchObject({ sessionId: s.sessionId, progress: 30 });
	});

	it("rejects a whole batch when one item names another school's session (nothing half-written)", async () => {
		const mine = await newSession();
		await post(`/sessions/${mine.sessionId}/join`, w.a.key, { playerId: "p_z", playerName: "Z" });
		const { contentId } = await makeContent(w.t, w.b.teacher);
		const theirs = (await post("/sessions", w.b.key, { contentId, maxPlayers: 3 })).json().sessionId;
		const res = await post("/progress", w.a.key, [
			{ playerId: "p_z", sessionId: mine.sessionId, lessonId: "l", progress: 5, timestamp: "2026-03-02T10:00:00Z" },
			{ playerId: "p_z", sessionId: theirs, lessonId: "l", progress: 5, timestamp: "2026-03-02T10:00:01Z" },
		]);
		expectError(res, 404, "NOT_FOUND", "1.sessionId");
		expect((await get("/progress/p_z", w.a.key)).json()).toMatchObject({ progressScore: 0, completedLessons: 0, currentSession: null });
	});

	it("refuses batches over 100 items", async () => {
		const s = await newSession();
		const items = Array.from({ length: 101 }, (_, i) => ({ playerId: "p", sessionId: s.sessionId, lessonId: "l", progress: 1, timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString() }));
		expectError(await post("/progress", w.a.key, items), 400, "INVALID_REQUEST");
	});
});

describe("progress of a linked Roblox player", () => {
	it("also moves the platform lesson progress of the student whose roblox_user_id matches", async () => {
		const student = await w.t.createUser({ role: "student", schoolId: w.a.id });
		// the link is made by the Roblox OAuth flow (another module); set it directly here
		await w.t.services.database.db.update(users).set({ robloxUserId: "424242" }).where(eq(users.id, student.id));
		const lesson = await w.t.request({ method: "POST", url: "/v2/lessons", token: w.a.teacher, payload: { title: "L", content: "c", subject: "Mathematics", grade_level: 5, status: "published" } });
		expect(lesson.statusCode, lesson.body).toBe(201);
		const lessonId = lesson.json().data.id;
		const s = await newSession();
		for (const playerId of ["424242", "999"]) await post(`/sessions/${s.sessionId}/join`, w.a.key, { playerId, playerName: playerId });
		const report = (playerId: string, progress: number, second: number) => ({ playerId, sessionId: s.sessionId, lessonId, progress, score: 10, timestamp: `2026-03-02T11:00:0${second}Z` });
		expect((await post("/progress", w.a.key, [report("424242", 60, 1), report("999", 90, 2)])).json().accepted).toBe(2);
		const mine = await w.t.request({ method: "GET", url: `/v2/progress?lesson_id=${lessonId}`, token: student.token });
		expect(mine.statusCode, mine.body).toBe(200);
		expect(mine.json().data.items).toEqual([expect.objectContaining({ user_id: student.id, lesson_id: lessonId, progress: 60 })]);
		expect(mine.json().data.total).toBe(1);
		// the unlinked player 999 has no platform account: nothing else was written
		const admin = await w.t.createUser({ role: "admin", schoolId: null });
		const all = await w.t.request({ method: "GET", url: `/v2/progress?lesson_id=${lessonId}`, token: admin.token });
		expect(all.statusCode, all.body).toBe(200);
		expect(all.json().data.total).toBe(1);
	});
});

describe("apply-content and the place poll", () => {
	it("serves the applied content with an ETag, 304 while unchanged, and never the answer key", async () => {
		const first = await makeContent(w.t, w.a.teacher);
		expectError(await get("/places/1001/content", w.a.key), 404, "NOT_FOUND");
		const applied = await post("/apply-content", w.a.teacher, { contentId: first.contentId, placeId: "1001", applyTerrain: true, applyObjects: false, applyQuiz: true });
		expect(applied.json()).toMatchObject({ revision: 1, status: "applied", etag: `"${first.contentId}.1"` });

		const polled = await get("/places/1001/content", w.a.key);
		expect(polled.statusCode).toBe(200);
		expect(polled.headers.etag).toBe(`"${first.contentId}.1"`);
		const body = polled.json();
		expect(body.objects).toBeNull();
		expect(body.terrain).toEqual((first.content as unknown as { terrain: unknown }).terrain);
		expect(body.quiz.questions).toHaveLength(3);
		for (const q of body.quiz.questions) expect(q).not.toHaveProperty("correct");

		const cached = await get("/places/1001/content", w.a.key, { "if-none-match": polled.headers.etag as string });
		expect(cached.statusCode).toBe(304);
		expect(cached.body).toBe("");

		const second = await makeContent(w.t, w.a.teacher, { seed: 8 });
		expect((await post("/apply-content", w.a.key, { contentId: second.contentId, placeId: "1001" })).json().revision).toBe(2);
		const changed = await get("/places/1001/content", w.a.key, { "if-none-match": polled.headers.etag as string });
		expect(changed.statusCode).toBe(200);
		expect(changed.json()).toMatchObject({ contentId: second.contentId, revision: 2 });
		expect(changed.json().objects.filter((o: { type: string }) => o.type === "quiz_board")).toHaveLength(3);

		// a place key speaks only for its own place
		expectError(await post("/apply-content", w.a.key, { contentId: second.contentId, placeId: "5555" }), 403, "FORBIDDEN");
	});
});
