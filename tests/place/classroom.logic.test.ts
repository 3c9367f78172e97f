/**
 * The classroom's pure game logic (src/shared/classroom), run as the compiled Luau in a place:
 * scoring agrees with the backend's implementation, option shuffles are per-player
 * permutations, profile migrations and the session-lock rules hold, content guards accept the
 * generator's lessons and refuse broken ones.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Place, startPlace } from "../harness";
import { scoreAnswer as backendScore } from "../../server/src/modules/classroom/quiz/scoring";
import { generateLesson } from "../../server/src/modules/content/generateLesson";
import type { LessonContent } from "../../server/src/modules/content/types";
import { callShared, withShared } from "./helpers/luauModules";
import { requireBuild } from "./support";

let place: Place;
beforeAll(async () => {
	requireBuild();
	place = await startPlace({ allowErrors: true });
});
afterAll(async () => {
	await place?.shutdown();
});

describe("scoring", () => {
	it("equals the backend's rule for any answer (speed, time-out, streak cap)", async () => {
		const cases = fc.sample(
			fc.record({
				correct: fc.boolean(),
				elapsed: fc.double({ min: 0, max: 60, noNaN: true }),
				timeLimit: fc.integer({ min: 5, max: 60 }),
				points: fc.integer({ min: 1, max: 2000 }),
				streakBefore: fc.integer({ min: 0, max: 12 }),
			}),
			400,
		);
		const luau = await callShared<{ total: number; streak: number; streakBonus: number }>(place, "classroom/scoring", "scoreAnswer", cases.map((c) => [c]));
		cases.forEach((c, i) => {
			const inTime = c.elapsed <= c.timeLimit;
			const expected = backendScore({ correct: c.correct && inTime, points: c.points, elapsedMs: c.elapsed * 1000, limitMs: c.timeLimit * 1000, previousStreak: c.streakBefore });
			expect({ total: luau[i].total, streak: luau[i].streak, bonus: luau[i].streakBonus }, JSON.stringify(c)).toEqual({
				total: expected.points,
				streak: expected.streak,
				bonus: expected.streakBonus,
			});
		});
	});

	it("gives full points at once, half at the buzzer, and caps the streak bonus at 500", async () => {
		const [instant, buzzer, late, capped] = await callShared<{ total: number }>(place, "classroom/scoring", "scoreAnswer", [
			[{ correct: true, elapsed: 0, timeLimit: 30, points: 1000, streakBefore: 0 }],
			[{ correct: true, elapsed: 30, timeLimit: 30, points: 1000, streakBefore: 0 }],
			[{ correct: true, elapsed: 30.01, timeLimit: 30, points: 1000, streakBefore: 3 }],
			[{ correct: true, elapsed: 15, timeLimit: 30, points: 1000, streakBefore: 9 }],
		]);
		expect([instant.total, buzzer.total, late.total, capped.total]).toEqual([1000, 500, 0, 750 + 500]);
	});
});

describe("per-player option order", () => {
	it("is a permutation, the same on every call, and maps slots back to the lesson's options", async () => {
		const cases = fc.sample(fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 2, max: 6 })), 200);
		const first = await callShared<number[]>(place, "classroom/shuffle", "optionOrderFor", cases);
		const again = await callShared<number[]>(place, "classroom/shuffle", "optionOrderFor", cases);
		expect(again).toEqual(first);
		cases.forEach((c, i) => expect([...first[i]].sort()).toEqual([...Array(c[3]).keys()]));
		const back = await callShared<number>(place, "classroom/shuffle", "originalIndexOf", first.map((order) => [order, 1]));
		back.forEach((original, i) => expect(original).toBe(first[i][1]));
		const bad = await callShared(place, "classroom/shuffle", "originalIndexOf", [[[1, 0], 2], [[1, 0], -1], [[1, 0], 0.5]]);
		expect(bad).toEqual([false, false, false]);
	});

	it("differs between players, so neighbours cannot copy positions", async () => {
		const cases = Array.from({ length: 60 }, (_, i) => ["session_a", "q1", 1000 + i, 4]);
		const orders = await callShared<number[]>(place, "classroom/shuffle", "optionOrderFor", cases);
		const distinct = new Set(orders.map((o) => o.join(",")));
		expect(distinct.size).toBeGreaterThan(12);
		// The correct option (index 0 here) lands in every slot for someone.
		expect(new Set(orders.map((o) => o.indexOf(0))).size).toBe(4);
	});
});

describe("profile schema and migrations", () => {
	it("migrates version 1 and 2 saves, refuses newer and corrupt ones", async () => {
		const results = await callShared<{ ok: boolean; reason?: string; migrated?: boolean; data?: Record<string, unknown> }>(place, "classroom/profile", "migrateProfile", [
			[{ score: 120, answered: ["q1"] }],
			[{ version: 2, totalScore: 50, answers: {}, lessons: {} }],
			[{ version: 99, totalScore: 1 }],
			["not a table"],
			[{ version: 3, totalScore: "x" }],
		]);
		expect(results[0]).toMatchObject({ ok: true, migrated: true, data: { version: 3, totalScore: 120, bestStreak: 0 } });
		expect(results[1]).toMatchObject({ ok: true, migrated: true, data: { version: 3, totalScore: 50 } });
		expect(results[2]).toEqual({ ok: false, reason: "newer" });
		expect(results[3]).toEqual({ ok: false, reason: "corrupt" });
		expect(results[4]).toEqual({ ok: false, reason: "corrupt" });
	});

	it("counts an answer once however often it is recorded, and takes the backend's points without double counting", async () => {
		const answer = { sessionId: "s1", lessonId: "l1", questionId: "q1", choice: 2, right: true, earned: 900, elapsed: 6, at: 1 };
		const result = await withShared<{ added: boolean[]; total: number; outbox: number; after: number; lesson: number }>(
			place,
			"classroom/profile",
			answer,
			`
			local data = m.newProfile()
			local added = { m.recordAnswer(data, input, 1), m.recordAnswer(data, input, 1) }
			local total = data.totalScore
			m.setEarned(data, "s1/q1", 850)
			m.setEarned(data, "s1/q1", 850)
			m.acknowledge(data, { "s1/q1" })
			return { added = added, total = total, outbox = #data.outbox, after = data.totalScore, lesson = data.lessons.l1.score }
		`,
		);
		expect(result).toEqual({ added: [true, false], total: 900, outbox: 0, after: 850, lesson: 850 });
	});

	it("keeps unreported answers when trimming old ones", async () => {
		const kept = await withShared<{ count: number; hasFirst: boolean }>(place, "classroom/profile", null, `
			local data = m.newProfile()
			for i = 1, m.MAX_ANSWERS_KEPT + 20 do
				m.recordAnswer(data, { sessionId = "s", lessonId = "l", questionId = "q" .. i, choice = 0, right = false, earned = 0, elapsed = 1, at = i }, 0)
				if i > 1 then m.acknowledge(data, { "s/q" .. i }) end
			end
			local n = 0
			for _ in data.answers do n += 1 end
			return { count = n, hasFirst = data.answers["s/q1"] ~= nil }
		`);
		expect(kept).toEqual({ count: 400, hasFirst: true });
	});
});

describe("session lock (ProfileStore timings)", () => {
	it("takes free, own and dead locks, waits on a live one and steals after 40 s", async () => {
		const live = { jobId: "other", placeId: 1, heartbeat: 1000 };
		const decisions = await callShared<string>(place, "classroom/sessionLock", "decideLock", [
			[null, "me", 1000, 0],
			[{ ...live, jobId: "me" }, "me", 1000, 0],
			[live, "me", 1010, 0],
			[live, "me", 1035, 35],
			[live, "me", 1045, 40],
			[live, "me", 1000 + 630, 0],
		]);
		expect(decisions).toEqual(["take", "take", "wait", "wait", "steal", "take"]);
		expect(await callShared<number>(place, "classroom/sessionLock", "nextRecheckDelay", [[0], [5], [15]])).toEqual([5, 10, 10]);
	});
});

describe("rate limiter and request budget", () => {
	it("allows a burst, then the refill rate, per player", async () => {
		const allowed = await withShared<boolean[]>(place, "classroom/rateLimiter", null, `
			local limiter = m.RateLimiter.new(3, 1)
			local out = {}
			for i = 1, 5 do table.insert(out, limiter:take(1, 0)) end
			table.insert(out, limiter:take(2, 0))
			table.insert(out, limiter:take(1, 0.5))
			table.insert(out, limiter:take(1, 1.2))
			return out
		`);
		expect(allowed).toEqual([true, true, true, false, false, true, false, true]);
	});

	it("keeps at most N requests in any minute and honours Retry-After", async () => {
		const window = await withShared<number[]>(place, "classroom/budget", null, `
			local w = m.MinuteWindow.new(3)
			for i = 0, 2 do w:record(i) end
			return { w:waitFor(10), w:waitFor(60.5), w:count(61), m.backoffDelay(1), m.backoffDelay(3), m.backoffDelay(1, 20), m.backoffDelay(10) }
		`);
		expect(window).toEqual([50, 0, 1, 1, 4, 20, 30]);
	});
});

describe("content guards", () => {
	it("accept a generated fractions lesson and refuse it when any question is broken", async () => {
		const lesson = await generateLesson({ subject: "Mathematics", gradeLevel: 5, learningObjectives: ["Add fractions with unlike denominators"], maxQuestions: 5 }, { seed: 7 });
		const broken = [
			(l: LessonContent) => (l.quiz.questions[0].correct = 9),
			(l: LessonContent) => (l.quiz.questions[1].options = ["only one"]),
			(l: LessonContent) => Reflect.deleteProperty(l.quiz.questions[2], "text"),
			(l: LessonContent) => (l.quiz.questions[3].id = l.quiz.questions[4].id),
			(l: LessonContent) => (l.quiz.questions = []),
			(l: LessonContent) => (l.objects[0].position = [1, "2", 3] as unknown as [number, number, number]),
		].map((breakIt) => {
			const copy = structuredClone(lesson);
			breakIt(copy);
			return [copy];
		});
		const verdicts = await callShared<boolean>(place, "classroom/content", "isLessonContent", [[lesson], ...broken]);
		expect(verdicts).toEqual([true, false, false, false, false, false, false]);
	});
});
