import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeContent, startClassroom, type ClassroomWorld } from "./helpers.js";

/**
 * Session settings honoured by the backend: `allowHints: false` keeps hints off every
 * place-facing route, and `difficulty` selects the generators' difficulty.
 */
let w: ClassroomWorld;
beforeAll(async () => {
	w = await startClassroom();
});
afterAll(() => w.t.close());

type Q = { id: string; text: string; hints?: string[] };

async function sessionWith(settings: Record<string, unknown>, contentId: string) {
	const res = await w.t.request({ method: "POST", url: "/v2/roblox/sessions", token: w.a.key, payload: { contentId, settings } });
	expect(res.statusCode, res.body).toBe(201);
	return res.json() as { sessionId: string; contentId: string; settings: Record<string, unknown> };
}

/** Everything a place can read about the lesson's questions while the session runs. */
async function placeViews(sessionId: string, contentId: string) {
	const key = w.a.key;
	await w.t.request({ method: "POST", url: `/v2/roblox/sessions/${sessionId}/join`, token: key, payload: { playerId: "7001", playerName: "Ada" } });
	const opened = (await w.t.request({ method: "POST", url: `/v2/roblox/sessions/${sessionId}/questions/q1/open`, token: key })).json();
	const state = (await w.t.request({ method: "GET", url: `/v2/roblox/sessions/${sessionId}`, token: key })).json();
	const answered = (await w.t.request({ method: "POST", url: "/v2/roblox/quiz/answer", token: key, payload: { sessionId, playerId: "7001", questionId: "q1", answer: 0 } })).json();
	await w.t.request({ method: "POST", url: "/v2/roblox/apply-content", token: key, payload: { contentId, placeId: w.a.placeId } });
	const placeContent = (await w.t.request({ method: "GET", url: `/v2/roblox/places/${w.a.placeId}/content`, token: key })).json();
	const lesson = (await w.t.request({ method: "GET", url: `/v2/roblox/content/${contentId}`, token: key })).json();
	return {
		opened: opened.question as Q,
		current: state.currentQuestion.question as Q,
		next: answered.nextQuestion as Q,
		placeQuiz: placeContent.quiz.questions as Q[],
		lessonQuiz: lesson.content.quiz.questions as Q[],
	};
}

const hintsIn = (views: Awaited<ReturnType<typeof placeViews>>) => [views.opened, views.current, views.next, ...views.placeQuiz, ...views.lessonQuiz].flatMap((q) => q.hints ?? []);

describe("session settings", () => {
	it("allowHints: false keeps every hint off the place-facing routes (and true keeps them)", async () => {
		const { contentId, content } = await makeContent(w.t, w.a.teacher, { maxQuestions: 3 });
		expect((content.quiz.questions as unknown as Q[]).every((q) => (q.hints ?? []).length > 0)).toBe(true);

		const withHints = await sessionWith({ allowHints: true }, contentId);
		expect(hintsIn(await placeViews(withHints.sessionId, contentId)).length).toBeGreaterThan(0);
		await w.t.request({ method: "POST", url: `/v2/roblox/sessions/${withHints.sessionId}/end`, token: w.a.key });

		const noHints = await sessionWith({ allowHints: false }, contentId);
		expect(noHints.settings.allowHints).toBe(false);
		const views = await placeViews(noHints.sessionId, contentId);
		expect(views.opened.id).toBe("q1");
		expect(views.next.id).toBe("q2");
		expect(views.placeQuiz).toHaveLength(3);
		expect(hintsIn(views)).toEqual([]);
		// The teacher still sees the lesson as written.
		const teacherView = (await w.t.request({ method: "GET", url: `/v2/roblox/content/${contentId}`, token: w.a.teacher })).json();
		expect(teacherView.content.quiz.questions[0].hints.length).toBeGreaterThan(0);
		// Once that session ends, the place gets hints again.
		await w.t.request({ method: "POST", url: `/v2/roblox/sessions/${noHints.sessionId}/end`, token: w.a.key });
		const after = (await w.t.request({ method: "GET", url: `/v2/roblox/places/${w.a.placeId}/content`, token: w.a.key })).json();
		expect(after.quiz.questions[0].hints.length).toBeGreaterThan(0);
	});

	it("difficulty selects the generators' difficulty: a session at another difficulty runs on a variant with other number ranges", async () => {
		const objectives = ["add and subtract fractions with unlike denominators"];
		const easy = await makeContent(w.t, w.a.teacher, { gradeLevel: 6, learningObjectives: objectives, maxQuestions: 12, difficulty: "easy", seed: 11 });
		const same = await sessionWith({ difficulty: "easy" }, easy.contentId);
		expect(same).toMatchObject({ contentId: easy.contentId, settings: { difficulty: "easy" } });
		const defaulted = await sessionWith({}, easy.contentId);
		expect(defaulted).toMatchObject({ contentId: easy.contentId, settings: { difficulty: "easy" } });

		const hard = await sessionWith({ difficulty: "hard" }, easy.contentId);
		expect(hard.settings.difficulty).toBe("hard");
		expect(hard.contentId).not.toBe(easy.contentId);
		const variant = (await w.t.request({ method: "GET", url: `/v2/roblox/content/${hard.contentId}`, token: w.a.teacher })).json().content;
		expect(variant.quiz.questions).toHaveLength(12);
		expect(variant.quiz.questions.every((q: { difficulty: string }) => q.difficulty === "hard")).toBe(true);
		const largest = (questions: Q[]) => Math.max(...questions.flatMap((q) => (q.text.match(/\d+/g) ?? []).map(Number)));
		expect(largest(variant.quiz.questions)).toBeGreaterThan(largest(easy.content.quiz.questions as unknown as Q[]));
		// The variant is scored as its own lesson: its questions open in the session.
		const opened = await w.t.request({ method: "POST", url: `/v2/roblox/sessions/${hard.sessionId}/questions/q1/open`, token: w.a.key });
		expect(opened.json().question.text).toBe(variant.quiz.questions[0].text);
	});
});
