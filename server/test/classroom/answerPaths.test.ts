/**
 * POST /quiz/answer scores the plain case optimistically (one read, one version-checked write)
 * and everything else through the locked transaction (quiz/service.ts lockedAnswer). The two
 * must never drift: the same answers, at the same times, give the same responses and store the
 * same rows whichever path scores them.
 */
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { AppError } from "../../src/http/errors.js";
import { resolveCaller } from "../../src/modules/classroom/caller.js";
import { lockedAnswer } from "../../src/modules/classroom/quiz/service.js";
import { quizAnswers, sessionPlayers } from "../../src/modules/classroom/tables.js";
import { makeContent, startClassroom, type ClassroomWorld } from "./helpers.js";

let w: ClassroomWorld;
beforeAll(async () => {
	w = await startClassroom();
});
afterAll(() => w?.t.close());

const post = (url: string, payload?: unknown) => w.t.request({ method: "POST", url: `/v2/roblox${url}`, token: w.a.key, ...(payload === undefined ? {} : { payload: payload as object }) });

it("the optimistic and the locked path give the same responses and rows for the same answers", async () => {
	const { contentId, content } = await makeContent(w.t, w.a.teacher, { maxQuestions: 6 });
	const questions = content.quiz.questions;
	const sessionId = (await post("/sessions", { contentId, maxPlayers: 10, settings: { questionTimeLimit: 30 } })).json().sessionId as string;
	for (const playerId of ["optimistic", "locked"]) expect((await post(`/sessions/${sessionId}/join`, { playerId, playerName: playerId })).statusCode).toBe(200);
	for (const q of questions.slice(0, 5)) expect((await post(`/sessions/${sessionId}/questions/${q.id}/open`)).statusCode).toBe(200);
	const caller = await resolveCaller(w.t.services.database.db, w.a.key, undefined);

	// Before the open, out of order (q1 fills the gap before q2, whose bonus then changes),
	// replays, a conflicting second answer, a question opened late, one answered after its time
	// limit (a gap in the run), a wrong answer: every rule.
	const wrong = (i: number) => (questions[i].correct + 1) % questions[i].options.length;
	const steps: { question: number; option: number; after: number; open?: number }[] = [
		{ question: 5, option: questions[5].correct, after: 0 },
		{ question: 2, option: questions[2].correct, after: 1_000 },
		{ question: 0, option: questions[0].correct, after: 2_500 },
		{ question: 0, option: questions[0].correct, after: 100 },
		{ question: 1, option: questions[1].correct, after: 4_000 },
		{ question: 1, option: wrong(1), after: 10 },
		{ question: 4, option: questions[4].correct, after: 7_000, open: 5 },
		{ question: 5, option: questions[5].correct, after: 3_000 },
		{ question: 3, option: questions[3].correct, after: 20_000 },
		{ question: 2, option: questions[2].correct, after: 10 },
		{ question: 5, option: wrong(5), after: 40_000 },
		{ question: 3, option: wrong(3), after: 0 },
	];
	for (const step of steps) {
		w.now.ms += step.after;
		if (step.open !== undefined) expect((await post(`/sessions/${sessionId}/questions/${questions[step.open].id}/open`)).statusCode).toBe(200);
		const body = { sessionId, questionId: questions[step.question].id, answer: step.option };
		const viaRoute = await post("/quiz/answer", { ...body, playerId: "optimistic" });
		const viaLock = await lockedAnswer(w.t.services.database.db, caller, { ...body, playerId: "locked" }, w.now.ms, undefined).then(
			(result) => ({ status: 200, body: result as unknown }),
			(error: unknown) => {
				if (!(error instanceof AppError)) throw error;
				return { status: error.statusCode, body: { code: error.code, details: error.details } };
			},
		);
		const routeBody = viaRoute.statusCode === 200 ? viaRoute.json() : { code: viaRoute.json().error.code, details: viaRoute.json().error.details };
		expect({ status: viaRoute.statusCode, body: routeBody }, JSON.stringify(step)).toEqual(viaLock);
	}

	const db = w.t.services.database.db;
	const rowsOf = async (playerId: string) => ({
		answers: (await db.select().from(quizAnswers).where(and(eq(quizAnswers.sessionId, sessionId), eq(quizAnswers.playerId, playerId))).orderBy(asc(quizAnswers.questionId))).map(({ playerId: _, ...row }) => row),
		totals: (await db.select().from(sessionPlayers).where(and(eq(sessionPlayers.sessionId, sessionId), eq(sessionPlayers.playerId, playerId)))).map(({ score, correctCount, streak }) => ({ score, correctCount, streak })),
	});
	const optimistic = await rowsOf("optimistic");
	expect(optimistic.answers).toHaveLength(5);
	expect(optimistic).toEqual(await rowsOf("locked"));
});
