import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeContent, startClassroom, type ClassroomWorld } from "./helpers.js";

/**
 * One classroom session through the HTTP API alone: create, three players join, the teacher
 * opens questions, players answer at different speeds (server clock), one duplicate
 * submission; results and analytics must equal the values computed by hand below.
 * Settings: questionTimeLimit T = 20 s, 1000 points per question.
 */
let w: ClassroomWorld;
beforeAll(async () => {
	w = await startClassroom();
});
afterAll(async () => w.t.close());

describe("a three-player session", () => {
	it("scores, dedupes and analyses exactly as computed by hand", async () => {
		const { t, now, a } = w;
		const { contentId, content } = await makeContent(t, a.teacher);
		const [q1, q2, q3] = content.quiz.questions;
		const wrong = (q: { correct: number; options: string[] }) => (q.correct + 1) % q.options.length;

		const created = await t.request({ method: "POST", url: "/v2/roblox/sessions", token: a.teacher, payload: { contentId, maxPlayers: 3, settings: { allowHints: true, timeLimit: 3600, difficulty: "medium", questionTimeLimit: 20 } } });
		expect(created.statusCode, created.body).toBe(201);
		const session = created.json();
		expect(session).toMatchObject({ status: "active", maxPlayers: 3, currentPlayers: 0, expiresAt: "2026-03-02T11:00:00.000Z" });
		const sid = session.sessionId;

		for (const [id, name] of [["p_ann", "Ann"], ["p_bob", "Bob"], ["p_cy", "Cy"]]) {
			const r = await t.request({ method: "POST", url: `/v2/roblox/sessions/${sid}/join`, token: a.key, payload: { playerId: id, playerName: name } });
			expect(r.statusCode, r.body).toBe(200);
		}
		const full = await t.request({ method: "POST", url: `/v2/roblox/sessions/${sid}/join`, token: a.key, payload: { playerId: "p_dee", playerName: "Dee" } });
		expect(full.statusCode).toBe(409);
		expect(full.json().error.code).toBe("CONFLICT");

		const answer = (playerId: string, questionId: string, answer: string | number) =>
			t.request({ method: "POST", url: "/v2/roblox/quiz/answer", token: a.key, payload: { playerId, sessionId: sid, questionId, answer } });
		const open = (qid: string) => t.request({ method: "POST", url: `/v2/roblox/sessions/${sid}/questions/${qid}/open`, token: a.teacher });

		// Q1 opens at 10:00:00.
		expect((await open(q1.id)).statusCode).toBe(200);
		now.ms += 2000; // Ann right at t=2s: round((1 - 0.1/2)*1000) = 950, streak 1, no bonus
		let r = await answer("p_ann", q1.id, q1.options[q1.correct]);
		expect(r.json()).toMatchObject({ correct: true, points: 950, streak: 1, streakBonus: 0, alreadyAnswered: false });
		expect(r.json().nextQuestion).toEqual(expect.objectContaining({ id: q2.id }));
		expect(r.json().nextQuestion).not.toHaveProperty("correct");
		expect(JSON.stringify(r.json())).not.toContain('"correct":' + q2.correct + ",");
		now.ms += 8000; // Bob right at t=10s: round((1 - 0.5/2)*1000) = 750
		r = await answer("p_bob", q1.id, q1.correct);
		expect(r.json()).toMatchObject({ correct: true, points: 750 });
		now.ms += 2000; // Cy wrong at t=12s: 0
		r = await answer("p_cy", q1.id, wrong(q1));
		expect(r.json()).toMatchObject({ correct: false, points: 0, streak: 0 });
		// Ann's duplicate submission (a retry) changes nothing
		now.ms += 1000;
		r = await answer("p_ann", q1.id, q1.options[q1.correct]);
		expect(r.json()).toMatchObject({ correct: true, points: 950, alreadyAnswered: true });
		// a different second answer is refused
		r = await answer("p_ann", q1.id, wrong(q1));
		expect(r.statusCode).toBe(409);
		expect(r.json().error.code).toBe("ALREADY_ANSWERED");

		// Q2 opens at 10:00:13.
		expect((await open(q2.id)).statusCode).toBe(200);
		now.ms += 4000; // Ann right at t=4s: round(0.9*1000)=900 + streak bonus 100 (2nd in a row) = 1000
		r = await answer("p_ann", q2.id, q2.correct);
		expect(r.json()).toMatchObject({ correct: true, points: 1000, streak: 2, streakBonus: 100 });
		now.ms += 16000; // Bob wrong at t=20s (the buzzer): 0, streak reset
		r = await answer("p_bob", q2.id, wrong(q2));
		expect(r.json()).toMatchObject({ correct: false, points: 0 });
		now.ms += 1; // Cy too late at t=20.001s
		r = await answer("p_cy", q2.id, q2.correct);
		expect(r.statusCode).toBe(409);
		expect(r.json().error.code).toBe("QUESTION_CLOSED");

		// Q3 opens at 10:00:33.001; Cy leaves first.
		expect((await t.request({ method: "POST", url: `/v2/roblox/sessions/${sid}/leave`, token: a.key, payload: { playerId: "p_cy" } })).json().currentPlayers).toBe(2);
		expect((await open(q3.id)).statusCode).toBe(200);
		now.ms += 20000; // Ann right at t=20s exactly: round((1 - 1/2)*1000) = 500 + bonus 200 = 700
		r = await answer("p_ann", q3.id, q3.correct);
		expect(r.json()).toMatchObject({ correct: true, points: 700, streak: 3, streakBonus: 200, nextQuestion: null });
		// Bob's answer to Q3 never comes.

		// progress reports: Ann 100, Bob 50 (Cy none)
		const progress = await t.request({
			method: "POST",
			url: "/v2/roblox/progress",
			token: a.key,
			payload: [
				{ playerId: "p_ann", sessionId: sid, lessonId: "lesson_1", progress: 100, score: 2650, achievements: ["first_quiz"], timestamp: "2026-03-02T10:00:50.000Z" },
				{ playerId: "p_bob", sessionId: sid, lessonId: "lesson_1", progress: 50, score: 750, timestamp: "2026-03-02T10:00:51.000Z" },
			],
		});
		expect(progress.json()).toMatchObject({ accepted: 2, duplicates: 0 });

		const ended = await t.request({ method: "POST", url: `/v2/roblox/sessions/${sid}/end`, token: a.teacher });
		expect(ended.json()).toMatchObject({ status: "ended", endedAt: "2026-03-02T10:00:53.001Z" });

		const results = (await t.request({ method: "GET", url: `/v2/roblox/quiz/${sid}/results`, token: a.teacher })).json();
		expect(results).toEqual({
			sessionId: sid,
			totalQuestions: 3,
			playerResults: [
				// timeSpent: sum of response times, rounded: Ann 2+4+20=26 s, Bob 10+20=30 s, Cy 12 s
				{ playerId: "p_ann", playerName: "Ann", correctAnswers: 3, answered: 3, totalScore: 2650, timeSpent: 26 },
				{ playerId: "p_bob", playerName: "Bob", correctAnswers: 1, answered: 2, totalScore: 750, timeSpent: 30 },
				{ playerId: "p_cy", playerName: "Cy", correctAnswers: 0, answered: 1, totalScore: 0, timeSpent: 12 },
			],
			averageScore: 1133.33, // (2650 + 750 + 0) / 3
			completedAt: "2026-03-02T10:00:53.001Z",
		});

		const analytics = (await t.request({ method: "GET", url: `/v2/roblox/analytics/sessions/${sid}`, token: a.teacher })).json();
		const shares = (q: { options: string[] }, picks: number[]) => q.options.map((_, i) => Math.round((10_000 * picks.filter((p) => p === i).length) / picks.length) / 10_000);
		expect(analytics).toEqual({
			sessionId: sid,
			duration: 53, // 10:00:00 -> 10:00:53.001
			totalPlayers: 3,
			averageProgress: 50, // (100 + 50 + 0) / 3
			quizResults: { totalQuestions: 3, averageScore: 1133.33, completionRate: 33.33 }, // only Ann answered all 3
			engagement: {
				averageTimePerPlayer: 46, // Ann 53.001 s, Bob 53.001 s, Cy left at 10:00:33.001 -> 33.001 s; mean 46.33
				mostActiveTime: "10:00-10:30",
				dropoffRate: 33.33, // Cy left before the end
			},
			// ranking by correct answers: Ann 3, Bob 1, Cy 0; groups of round(0.27*3) = 1: upper Ann, lower Cy
			itemAnalysis: [
				{ questionId: q1.id, responses: 3, difficulty: 0.6667, discrimination: 1, optionShares: shares(q1, [q1.correct, q1.correct, wrong(q1)]) },
				{ questionId: q2.id, responses: 2, difficulty: 0.5, discrimination: 1, optionShares: shares(q2, [q2.correct, wrong(q2)]) },
				{ questionId: q3.id, responses: 1, difficulty: 1, discrimination: 1, optionShares: shares(q3, [q3.correct]) },
			],
		});
	});
});
