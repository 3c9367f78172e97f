/**
 * How POST /quiz/answer stays exact now that the plain case is scored with one read and one
 * version-checked write (src/modules/classroom/quiz/optimisticAnswer.ts) and the lesson is kept
 * parsed per app: a lesson edited, a session ended or a player gone is seen by the very next
 * answer, on this app and on a second app sharing the database; answers racing for one player
 * count once and leave the same streaks and totals as answers sent one at a time.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { openDatabase, type Database } from "../../src/db/client.js";
import { createCoreServices } from "../../src/services.js";
import { expectError, makeContent, startClassroom, type ClassroomWorld } from "./helpers.js";

let w: ClassroomWorld;
/** A second app on the same database, with its own caches (as a second server process has). */
let other: { app: FastifyInstance; close(): Promise<void> };

beforeAll(async () => {
	w = await startClassroom();
	other = await secondApp(w);
});
afterAll(async () => {
	await other?.close();
	await w?.t.close();
});

type Question = { id: string; text: string; options: string[]; correct: number; points: number; explanation: string; hints: string[] };

const post = (url: string, token: string, payload?: unknown, app?: FastifyInstance) =>
	(app ?? w.t.app).inject({ method: "POST", url: `/v2/roblox${url}`, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });

async function classSession(maxQuestions: number, players: string[]) {
	const { contentId, content } = await makeContent(w.t, w.a.teacher, { maxQuestions });
	const res = await post("/sessions", w.a.key, { contentId, maxPlayers: 10 });
	expect(res.statusCode, res.body).toBe(201);
	const sessionId = res.json().sessionId as string;
	for (const playerId of players) expect((await post(`/sessions/${sessionId}/join`, w.a.key, { playerId, playerName: playerId })).statusCode).toBe(200);
	const questions = content.quiz.questions as Question[];
	for (const q of questions) expect((await post(`/sessions/${sessionId}/questions/${q.id}/open`, w.a.key)).statusCode).toBe(200);
	return { sessionId, contentId, questions };
}

const answer = (sessionId: string, playerId: string, q: Question, option: number, app?: FastifyInstance) => post("/quiz/answer", w.a.key, { playerId, sessionId, questionId: q.id, answer: option }, app);

async function editQuestions(contentId: string, questions: Question[]) {
	const payload = { questions: questions.map(({ id, text, options, correct, explanation, hints }) => ({ id, text, options, correct, explanation, hints })) };
	const res = await w.t.request({ method: "PUT", url: `/v2/roblox/content/${contentId}/questions`, token: w.a.teacher, payload });
	expect(res.statusCode, res.body).toBe(200);
}

async function results(sessionId: string) {
	const res = await w.t.request({ method: "GET", url: `/v2/roblox/quiz/${sessionId}/results`, token: w.a.teacher });
	expect(res.statusCode, res.body).toBe(200);
	return res.json() as { playerResults: { playerId: string; playerName: string; correctAnswers: number; answered: number; totalScore: number }[] };
}

describe("what an answer is scored against is always the stored state", () => {
	it("a lesson edited after answers were scored: the next answer uses the new key, explanation and order, on either app", async () => {
		const s = await classSession(3, ["p1", "p2"]);
		const [q1, q2, q3] = s.questions;
		// Both apps have scored (and cached) this session's lesson.
		expect((await answer(s.sessionId, "p1", q1, q1.correct)).json()).toMatchObject({ correct: true, alreadyAnswered: false });
		expect((await answer(s.sessionId, "p2", q1, q1.correct, other.app)).json()).toMatchObject({ correct: true, alreadyAnswered: false });

		const newKey = (q2.correct + 1) % q2.options.length;
		await editQuestions(s.contentId, [q1, { ...q3, explanation: "Moved first" }, { ...q2, correct: newKey, explanation: "Key changed" }]);

		for (const [player, app] of [["p1", undefined], ["p2", other.app]] as const) {
			const res = await answer(s.sessionId, player, q2, newKey, app);
			expect(res.statusCode, res.body).toBe(200);
			expect(res.json()).toMatchObject({ correct: true, explanation: "Key changed", nextQuestion: null, alreadyAnswered: false });
		}
		// q3 now follows q1: its answer extends q1's run, and its next question is q2.
		const third = await answer(s.sessionId, "p1", q3, q3.correct, other.app);
		expect(third.json()).toMatchObject({ correct: true, explanation: "Moved first", nextQuestion: { id: q2.id }, streak: 2, streakBonus: 100 });

		// A question deleted from the lesson is gone for both apps at once.
		await editQuestions(s.contentId, [q1, q3]);
		expectError(await answer(s.sessionId, "p2", q2, newKey), 404, "NOT_FOUND", "questionId");
		expectError(await answer(s.sessionId, "p1", q2, newKey, other.app), 404, "NOT_FOUND", "questionId");
	});

	it("a session ended, or a player who left, on one app is refused by the other's next answer", async () => {
		const s = await classSession(3, ["p1", "p2"]);
		const [q1, q2, q3] = s.questions;
		expect((await answer(s.sessionId, "p1", q1, q1.correct, other.app)).statusCode).toBe(200);
		expect((await answer(s.sessionId, "p2", q1, q1.correct, other.app)).statusCode).toBe(200);

		expect((await post(`/sessions/${s.sessionId}/leave`, w.a.key, { playerId: "p2" })).statusCode).toBe(200);
		expectError(await answer(s.sessionId, "p2", q2, q2.correct, other.app), 409, "PLAYER_NOT_JOINED", "playerId");
		expect((await answer(s.sessionId, "p1", q2, q2.correct, other.app)).statusCode).toBe(200);

		expect((await post(`/sessions/${s.sessionId}/end`, w.a.teacher)).json().status).toBe("ended");
		expectError(await answer(s.sessionId, "p1", q3, q3.correct, other.app), 409, "SESSION_ENDED", "session_id");
		expectError(await answer(s.sessionId, "p1", q3, q3.correct), 409, "SESSION_ENDED", "session_id");
		// A replay of a recorded answer still answers with the recorded result.
		expect((await answer(s.sessionId, "p1", q2, q2.correct, other.app)).json()).toMatchObject({ alreadyAnswered: true, streak: 2, streakBonus: 100 });
	});
});

describe("answers racing for one player", () => {
	it("the same answer sent many times at once is recorded once; the others replay it", async () => {
		const s = await classSession(1, ["racer"]);
		const [q] = s.questions;
		const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => answer(s.sessionId, "racer", q, q.correct, i % 2 ? other.app : undefined)));
		for (const res of replies) expect(res.statusCode, res.body).toBe(200);
		const bodies = replies.map((r) => r.json() as { points: number; alreadyAnswered: boolean });
		expect(bodies.filter((b) => !b.alreadyAnswered)).toHaveLength(1);
		expect(new Set(bodies.map((b) => b.points))).toEqual(new Set([q.points]));
		expect((await results(s.sessionId)).playerResults).toEqual([expect.objectContaining({ playerId: "racer", answered: 1, correctAnswers: 1, totalScore: q.points })]);
	});

	it("different answers to one question at once: one is recorded, every other is a replay of it or 409 ALREADY_ANSWERED", async () => {
		const s = await classSession(1, ["racer"]);
		const [q] = s.questions;
		const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => answer(s.sessionId, "racer", q, i % q.options.length, i % 2 ? other.app : undefined)));
		const recorded = replies.filter((r) => r.statusCode === 200 && !r.json().alreadyAnswered);
		expect(recorded).toHaveLength(1);
		const option = replies.indexOf(recorded[0]) % q.options.length;
		replies.forEach((res, i) => {
			if (res === recorded[0]) return;
			if (i % q.options.length === option) expect(res.json()).toMatchObject({ alreadyAnswered: true, correct: option === q.correct });
			else expectError(res, 409, "ALREADY_ANSWERED", "answer");
		});
		expect((await results(s.sessionId)).playerResults).toEqual([expect.objectContaining({ answered: 1, correctAnswers: option === q.correct ? 1 : 0 })]);
	});

	it("a player's answers to every question at once leave the streaks and totals of answers sent in order", async () => {
		const s = await classSession(6, ["racer", "steady"]);
		const options = s.questions.map((q, i) => (i === 2 ? (q.correct + 1) % q.options.length : q.correct));
		await Promise.all(s.questions.map((q, i) => answer(s.sessionId, "racer", q, options[i], i % 2 ? other.app : undefined)));
		for (const [i, q] of s.questions.entries()) expect((await answer(s.sessionId, "steady", q, options[i])).statusCode).toBe(200);

		const replays = async (player: string) => Promise.all(s.questions.map(async (q, i) => (await answer(s.sessionId, player, q, options[i])).json()));
		const racer = await replays("racer");
		expect(racer.every((r) => r.alreadyAnswered)).toBe(true);
		expect(racer).toEqual(await replays("steady"));
		expect(racer.map((r) => r.streak)).toEqual([1, 2, 0, 1, 2, 3]);
		const table = (await results(s.sessionId)).playerResults;
		const byRacer = table.find((r) => r.playerId === "racer");
		expect(byRacer).toEqual({ ...table.find((r) => r.playerId === "steady"), playerId: "racer", playerName: "racer" });
		expect(byRacer?.totalScore).toBe(racer.reduce((sum, r) => sum + r.points, 0));
	});
});

/** Another app on the same database: a second pool on PostgreSQL, the same embedded database on PGlite. */
async function secondApp(world: ClassroomWorld) {
	const shared = world.t.services.database as Database & { url?: string };
	const database = shared.url ? await openDatabase({ url: shared.url, dataDir: "" }) : shared;
	const services = await createCoreServices(world.t.config, { database, clock: () => world.now.ms });
	const app = await buildApp(services);
	await app.ready();
	return {
		app,
		async close() {
			await app.close();
			await services.close();
			if (database !== shared) await database.close();
		},
	};
}
