import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../src/db/tables.js";
import { expectError, makeContent, START, startClassroom, type ClassroomWorld } from "./helpers.js";

/**
 * Game servers batch their answers (Roblox's HttpService budget) and report when each was given
 * on their own clock. T = 20 s and 1000 points per question throughout; points are hand-computed
 * with round((1 - (t/T)/2) * 1000) + streak bonus.
 */
let w: ClassroomWorld;
let sid: string;
let questions: { id: string; options: string[]; correct: number; points: number }[];
const ANSWER = "/v2/roblox/quiz/answer";
/** The game server's clock runs 3 s behind the backend's: only differences between its times count. */
const GAME = START - 3000;

beforeAll(async () => {
	w = await startClassroom();
	const { contentId, content } = await makeContent(w.t, w.a.teacher);
	questions = content.quiz.questions;
	const created = await w.t.request({ method: "POST", url: "/v2/roblox/sessions", token: w.a.key, payload: { contentId, maxPlayers: 10, settings: { questionTimeLimit: 20 } } });
	expect(created.statusCode, created.body).toBe(201);
	sid = created.json().sessionId;
	for (const p of ["p1", "p2", "p3"]) {
		const r = await w.t.request({ method: "POST", url: `/v2/roblox/sessions/${sid}/join`, token: w.a.key, payload: { playerId: p, playerName: p } });
		expect(r.statusCode, r.body).toBe(200);
	}
});
afterAll(async () => w.t.close());

const open = (qid: string, payload?: object, token = w.a.key) => w.t.request({ method: "POST", url: `/v2/roblox/sessions/${sid}/questions/${qid}/open`, token, payload });
const item = (playerId: string, q: { id: string; correct: number }, extra: object = {}) => ({ playerId, sessionId: sid, questionId: q.id, answer: q.correct, ...extra });

describe("answers timed on the game server's clock", () => {
	it("scores a late batch by answeredAt - openedAt, per item, with duplicates inside and across batches", async () => {
		const [q1] = questions;
		expect((await open(q1.id, { openedAt: GAME })).statusCode).toBe(200);
		// The batch arrives 19 s after the open (server-measured that would be t = 19 s).
		w.now.ms = START + 19_000;
		const res = await w.t.request({
			method: "POST",
			url: ANSWER,
			token: w.a.key,
			payload: [
				item("p1", q1, { answeredAt: GAME + 2000 }), // t = 2 s: round(0.95 * 1000) = 950
				item("p2", q1, { answeredAt: new Date(GAME + 10_000).toISOString() }), // t = 10 s: 750
				item("p1", q1, { answeredAt: GAME + 2000 }), // duplicate inside the batch
				item("p3", { id: q1.id, correct: (q1.correct + 1) % q1.options.length }), // wrong, no answeredAt: 0
				item("p9", q1, { answeredAt: GAME + 1000 }), // not joined: refused alone
			],
		});
		expect(res.statusCode, res.body).toBe(200);
		const results = res.json().results;
		expect(results.map((r: { status: number }) => r.status)).toEqual([200, 200, 200, 200, 409]);
		expect(results[0].result).toMatchObject({ correct: true, points: 950, responseTime: 2, alreadyAnswered: false });
		expect(results[1].result).toMatchObject({ points: 750, responseTime: 10, alreadyAnswered: false });
		expect(results[2].result).toMatchObject({ points: 950, alreadyAnswered: true });
		expect(results[3].result).toMatchObject({ correct: false, points: 0 });
		expect(results[4]).toMatchObject({ index: 4, error: { code: "PLAYER_NOT_JOINED", details: { field: "playerId" } } });
		expect(results[0].result).not.toHaveProperty("correct", undefined);

		// The same answers again in a later batch: recorded results, nothing counted twice.
		w.now.ms = START + 40_000;
		const again = await w.t.request({ method: "POST", url: ANSWER, token: w.a.key, payload: [item("p1", q1, { answeredAt: GAME + 2000 }), item("p2", q1, { answer: (q1.correct + 1) % q1.options.length })] });
		expect(again.json().results[0]).toMatchObject({ status: 200, result: { points: 950, alreadyAnswered: true } });
		expect(again.json().results[1]).toMatchObject({ status: 409, error: { code: "ALREADY_ANSWERED" } });
		const results2 = await w.t.request({ method: "GET", url: `/v2/roblox/quiz/${sid}/results`, token: w.a.key });
		const scores = Object.fromEntries(results2.json().playerResults.map((p: { playerId: string; totalScore: number }) => [p.playerId, p.totalScore]));
		expect(scores).toEqual({ p1: 950, p2: 750, p3: 0 });
	});

	it("clamps, refuses future and pre-open times, and closes after T", async () => {
		const [, q2] = questions;
		w.now.ms = START + 60_000;
		// openedAt in the future beyond the 5 s skew is refused, naming the field.
		expectError(await open(q2.id, { openedAt: START + 66_000 }), 400, "INVALID_REQUEST", "openedAt");
		expect((await open(q2.id, { openedAt: GAME + 60_000 })).statusCode).toBe(200);
		w.now.ms = START + 80_000;
		const batch = await w.t.request({
			method: "POST",
			url: ANSWER,
			token: w.a.key,
			payload: [
				item("p1", q2, { answeredAt: START + 86_000 }), // 6 s ahead of the backend: refused
				item("p2", q2, { answeredAt: GAME + 59_000 }), // before openedAt: refused
				item("p3", q2, { answeredAt: GAME + 81_000 }), // t = 21 s > T: closed
				item("p2", q2, { answeredAt: GAME + 60_000 }), // t = 0: 1000 + streak bonus 100 (2nd right in a row)
				item("p1", q2, { answeredAt: GAME + 80_000 }), // t = T exactly: round(0.5 * 1000) + 100 = 600
			],
		});
		const r = batch.json().results;
		expect(r[0]).toMatchObject({ status: 400, error: { code: "INVALID_REQUEST", details: { field: "answeredAt" } } });
		expect(r[1]).toMatchObject({ status: 400, error: { details: { field: "answeredAt" } } });
		expect(r[2]).toMatchObject({ status: 409, error: { code: "QUESTION_CLOSED" } });
		expect(r[3].result).toMatchObject({ points: 1100, streakBonus: 100, responseTime: 0 });
		expect(r[4], JSON.stringify(r)).toMatchObject({ status: 200, result: { points: 600, responseTime: 20 } });
	});

	it("keeps server-measured timing for teachers' tokens and callers that omit the fields", async () => {
		const [, , q3] = questions;
		w.now.ms = START + 100_000;
		// A teacher's openedAt is ignored: the server's open time (START + 100 s) counts.
		expect((await open(q3.id, { openedAt: GAME }, w.a.teacher)).statusCode).toBe(200);
		w.now.ms = START + 104_000;
		// A teacher's answeredAt is ignored too: t = 4 s by arrival, round(0.9 * 1000) = 900, streak 3 -> +200.
		const teacher = await w.t.request({ method: "POST", url: ANSWER, token: w.a.teacher, payload: item("p2", q3, { answeredAt: GAME + 100_000 }) });
		expect(teacher.json()).toMatchObject({ points: 1100, responseTime: 4 });
		// Place key, no answeredAt: arrival time, t = 4 s -> 900 (p3's streak is 0).
		const plain = await w.t.request({ method: "POST", url: ANSWER, token: w.a.key, payload: item("p3", q3) });
		expect(plain.json()).toMatchObject({ points: 900, responseTime: 4 });
		// Place key with answeredAt but no reported openedAt: the server's open time stands in.
		const mixed = await w.t.request({ method: "POST", url: ANSWER, token: w.a.key, payload: [item("p1", q3, { answeredAt: START + 102_000 })] });
		expect(mixed.json().results[0].result).toMatchObject({ points: 950 + 200, responseTime: 2 });
	});

	it("validates the array form as a whole", async () => {
		expectError(await w.t.request({ method: "POST", url: ANSWER, token: w.a.key, payload: [] }), 400, "INVALID_REQUEST");
		const tooMany = Array.from({ length: 101 }, () => item("p1", questions[0]));
		expectError(await w.t.request({ method: "POST", url: ANSWER, token: w.a.key, payload: tooMany }), 400, "INVALID_REQUEST");
		expectError(await w.t.request({ method: "POST", url: ANSWER, token: w.a.key, payload: [item("p1", questions[0], { answeredAt: "yesterday" })] }), 400, "INVALID_REQUEST");
	});
});

describe("GET /teachers/{robloxUserId}", () => {
	it("answers for the key's school only", async () => {
		const { t, a, b } = w;
		const db = t.app.core.database.db;
		const mine = await t.createUser({ role: "teacher", schoolId: a.id });
		const theirs = await t.createUser({ role: "teacher", schoolId: b.id });
		const student = await t.createUser({ role: "student", schoolId: a.id });
		await db.update(users).set({ robloxUserId: "5001" }).where(eq(users.id, mine.id));
		await db.update(users).set({ robloxUserId: "5002" }).where(eq(users.id, theirs.id));
		await db.update(users).set({ robloxUserId: "5003" }).where(eq(users.id, student.id));
		const ask = (id: string, token = a.key) => t.request({ method: "GET", url: `/v2/roblox/teachers/${id}`, token });

		const yes = await ask("5001");
		expect(yes.statusCode, yes.body).toBe(200);
		expect(yes.json()).toMatchObject({ robloxUserId: "5001", isTeacher: true, displayName: expect.any(String) });
		expect(await ask("5002").then((r) => r.json())).toEqual({ robloxUserId: "5002", isTeacher: false });
		expect(await ask("5003").then((r) => r.json())).toEqual({ robloxUserId: "5003", isTeacher: false });
		expect(await ask("9999").then((r) => r.json())).toEqual({ robloxUserId: "9999", isTeacher: false });
		expect(await ask("5002", b.key).then((r) => r.json())).toMatchObject({ isTeacher: true });
		expectError(await ask("abc"), 400, "INVALID_REQUEST", "robloxUserId");
		expect((await ask("5001", a.teacher)).statusCode).toBe(403);
	});
});
