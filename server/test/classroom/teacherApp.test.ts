/**
 * The classroom routes the teacher app needs (issue 12), through HTTP: the school's lessons, review
 * with maths checks, editing/reordering/deleting/regenerating questions, places with pick-up by the
 * live place, the sessions list and live view, and the CSV export matching the JSON results.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, makeContent, startClassroom, type ClassroomWorld } from "./helpers.js";

let w: ClassroomWorld;
let contentId: string;
type Review = { contentId: string; content: { quiz: { questions: Array<{ id: string; text: string; options: string[]; correct: number; explanation: string; hints: string[] }> }; objects: unknown[] }; checks: Array<{ questionId: string; status: string; reason: string | null }> };

beforeAll(async () => {
	w = await startClassroom();
	({ contentId } = await makeContent(w.t, w.a.teacher));
});
afterAll(() => w?.t.close());

const get = (url: string, token = w.a.teacher) => w.t.request({ method: "GET", url, token });

describe("lesson review and editing", () => {
	it("lists only the school's lessons and refuses place keys", async () => {
		const mine = await get("/v2/roblox/content");
		expect(mine.statusCode, mine.body).toBe(200);
		expect(mine.json().contents).toEqual([expect.objectContaining({ contentId, subject: "Mathematics", gradeLevel: 6, questions: 3, title: "Mathematics: Solve linear equations" })]);
		expect((await get("/v2/roblox/content", w.b.teacher)).json().contents).toEqual([]);
		expectError(await get("/v2/roblox/content", w.a.key), 403, "FORBIDDEN");
		expectError(await get(`/v2/roblox/content/${contentId}/review`, w.b.teacher), 404, "NOT_FOUND");
	});

	it("reviews a generated maths lesson: every question checks as correct", async () => {
		const review = (await get(`/v2/roblox/content/${contentId}/review`)).json() as Review;
		expect(review.checks.map((c) => c.status)).toEqual(["correct", "correct", "correct"]);
	});

	it("saves edits, warns when the marked answer is wrong, and refuses impossible questions", async () => {
		const before = (await get(`/v2/roblox/content/${contentId}/review`)).json() as Review;
		const [q1, q2, q3] = before.content.quiz.questions;
		const wrong = (q1.correct + 1) % q1.options.length;
		const put = (questions: unknown[]) => w.t.request({ method: "PUT", url: `/v2/roblox/content/${contentId}/questions`, token: w.a.teacher, payload: { questions } });
		const edited = { id: q1.id, text: q1.text, options: q1.options, correct: wrong, explanation: "Edited explanation", hints: ["Isolate x"] };
		const res = await put([edited, q2, q3].map(({ id, text, options, correct, explanation, hints }) => ({ id, text, options, correct, explanation, hints })));
		expect(res.statusCode, res.body).toBe(200);
		const saved = res.json() as Review;
		expect(saved.content.quiz.questions[0]).toMatchObject({ correct: wrong, explanation: "Edited explanation", hints: ["Isolate x"] });
		expect(saved.checks[0]).toMatchObject({ questionId: q1.id, status: "wrong" });
		expect(saved.checks[0].reason).toContain(`option ${q1.correct} is right`);
		// The stored lesson changed: the classroom API serves the edit.
		expect((await get(`/v2/roblox/content/${contentId}`)).json().content.quiz.questions[0].correct).toBe(wrong);

		expectError(await put([{ ...edited, correct: 5 }]), 400, "INVALID_REQUEST", "questions.0.correct");
		expectError(await put([{ ...edited, id: "q99" }]), 400, "INVALID_REQUEST", "questions.0.id");
		expectError(await put([edited, edited]), 400, "INVALID_REQUEST", "questions.1.id");
		expectError(await put([{ ...edited, options: ["1", "1"] , correct: 0 }]), 400, "INVALID_REQUEST", "questions.0.options");
		expectError(await put([]), 400, "INVALID_REQUEST", "questions");
		expectError(await w.t.request({ method: "PUT", url: `/v2/roblox/content/${contentId}/questions`, token: w.b.teacher, payload: { questions: [edited] } }), 404, "NOT_FOUND");
	});

	it("reorders and deletes questions; the classroom gets one board per question", async () => {
		const before = (await get(`/v2/roblox/content/${contentId}/review`)).json() as Review;
		const [q1, , q3] = before.content.quiz.questions;
		const strip = ({ id, text, options, correct, explanation, hints }: Review["content"]["quiz"]["questions"][number]) => ({ id, text, options, correct: id === q1.id ? q1.correct : correct, explanation, hints });
		const res = await w.t.request({ method: "PUT", url: `/v2/roblox/content/${contentId}/questions`, token: w.a.teacher, payload: { questions: [strip(q3), strip(q1)] } });
		expect(res.statusCode, res.body).toBe(200);
		const saved = res.json() as Review;
		expect(saved.content.quiz.questions.map((q) => q.id)).toEqual([q3.id, q1.id]);
		// Every remaining question is served by an object of the world, and none points past the list.
		const indexes = (saved.content.objects as Array<{ properties: { questionIndex?: unknown } }>).map((o) => o.properties.questionIndex).filter((i): i is number => typeof i === "number");
		expect(new Set(indexes)).toEqual(new Set([0, 1]));
	});

	it("regenerates one question in place, keeping its id and the others", async () => {
		const before = (await get(`/v2/roblox/content/${contentId}/review`)).json() as Review;
		const target = before.content.quiz.questions[0];
		const res = await w.t.request({ method: "POST", url: `/v2/roblox/content/${contentId}/questions/${target.id}/regenerate`, token: w.a.teacher });
		expect(res.statusCode, res.body).toBe(200);
		const after = res.json() as Review;
		expect(after.content.quiz.questions[0].id).toBe(target.id);
		expect(after.content.quiz.questions[0].text).not.toBe(target.text);
		expect(after.content.quiz.questions[1]).toEqual(before.content.quiz.questions[1]);
		expect(after.checks[0].status).toBe("correct");
		expectError(await w.t.request({ method: "POST", url: `/v2/roblox/content/${contentId}/questions/nope/regenerate`, token: w.a.teacher }), 404, "NOT_FOUND");
	});
});

describe("places, sessions and results for the teacher", () => {
	let sessionId: string;

	it("lists places and shows when the live place picked up an applied lesson", async () => {
		const list = async () => (await get("/v2/roblox/places")).json().places as Array<{ placeId: string; applied: { live: boolean; revision: number; pickedUpAt: string | null } | null }>;
		expect(await list()).toEqual([expect.objectContaining({ placeId: w.a.placeId, universeId: "111", activeKeys: 1, applied: null })]);
		const applied = await w.t.request({ method: "POST", url: "/v2/roblox/apply-content", token: w.a.teacher, payload: { contentId, placeId: w.a.placeId } });
		expect(applied.statusCode, applied.body).toBe(200);
		expect((await list())[0].applied).toMatchObject({ revision: 1, live: false, pickedUpAt: null });
		// A teacher reading the place's content is not the place picking it up.
		await get(`/v2/roblox/places/${w.a.placeId}/content`);
		expect((await list())[0].applied?.live).toBe(false);
		const poll = await get(`/v2/roblox/places/${w.a.placeId}/content`, w.a.key);
		expect(poll.statusCode).toBe(200);
		expect((await list())[0].applied).toMatchObject({ revision: 1, live: true, pickedUpAt: new Date(w.now.ms).toISOString() });
		await w.t.request({ method: "POST", url: "/v2/roblox/apply-content", token: w.a.teacher, payload: { contentId, placeId: w.a.placeId } });
		expect((await list())[0].applied).toMatchObject({ revision: 2, live: false });
		expect((await get("/v2/roblox/places", w.b.teacher)).json().places.map((p: { placeId: string }) => p.placeId)).toEqual([w.b.placeId]);
		expectError(await get("/v2/roblox/places", w.a.key), 403, "FORBIDDEN");
	});

	it("follows a session live: players, counts per option, who has not answered", async () => {
		const review = (await get(`/v2/roblox/content/${contentId}/review`)).json() as Review;
		const q = review.content.quiz.questions[0];
		const s = await w.t.request({ method: "POST", url: "/v2/roblox/sessions", token: w.a.key, payload: { contentId, maxPlayers: 5 } });
		sessionId = s.json().sessionId;
		for (const [playerId, playerName] of [["2", "Ana"], ["3", "Ben"], ["4", "Cy"]]) {
			await w.t.request({ method: "POST", url: `/v2/roblox/sessions/${sessionId}/join`, token: w.a.key, payload: { playerId, playerName } });
		}
		await w.t.request({ method: "POST", url: `/v2/roblox/sessions/${sessionId}/questions/${q.id}/open`, token: w.a.key });
		w.now.ms += 2000;
		const wrong = (q.correct + 1) % q.options.length;
		const answers = await w.t.request({ method: "POST", url: "/v2/roblox/quiz/answer", token: w.a.key, payload: [{ sessionId, playerId: "2", questionId: q.id, answer: q.correct }, { sessionId, playerId: "3", questionId: q.id, answer: wrong }] });
		expect(answers.statusCode, answers.body).toBe(200);

		const live = (await get(`/v2/roblox/sessions/${sessionId}/live`)).json();
		expect(live.players.map((p: { playerName: string }) => p.playerName)).toEqual(["Ana", "Ben", "Cy"]);
		expect(live.questions[0]).toMatchObject({ questionId: q.id, answers: 2, answeredPlayerIds: ["2", "3"], notAnsweredPlayerIds: ["4"] });
		expect(live.questions[0].optionCounts[q.correct]).toBe(1);
		expect(live.questions[0].optionCounts[wrong]).toBe(1);
		expect(live.questions[1]).toMatchObject({ answers: 0, openedAt: null });
		expectError(await get(`/v2/roblox/sessions/${sessionId}/live`, w.b.teacher), 404, "NOT_FOUND");
		expectError(await get(`/v2/roblox/sessions/${sessionId}/live`, w.a.key), 403, "FORBIDDEN");

		const sessions = (await get("/v2/roblox/sessions")).json().sessions;
		expect(sessions).toEqual([expect.objectContaining({ sessionId, status: "active", contentId, players: 3 })]);
		expect((await get("/v2/roblox/sessions", w.b.teacher)).json().sessions).toEqual([]);
	});

	it("exports the results as CSV with the JSON results' numbers, in the same order", async () => {
		const json = (await get(`/v2/roblox/quiz/${sessionId}/results`)).json();
		const csv = await get(`/v2/roblox/quiz/${sessionId}/results.csv`);
		expect(csv.statusCode, csv.body).toBe(200);
		expect(csv.headers["content-type"]).toContain("text/csv");
		const [header, ...rows] = csv.body.trim().split("\r\n").map((line) => line.split(","));
		expect(header).toEqual(["rank", "playerId", "playerName", "correctAnswers", "answered", "totalQuestions", "totalScore", "timeSpentSeconds"]);
		expect(rows).toEqual(
			json.playerResults.map((p: { playerId: string; playerName: string; correctAnswers: number; answered: number; totalScore: number; timeSpent: number }, i: number) =>
				[i + 1, p.playerId, p.playerName, p.correctAnswers, p.answered, json.totalQuestions, p.totalScore, p.timeSpent].map(String),
			),
		);
		expect(rows[0]).toContain("Ana");
		expectError(await get(`/v2/roblox/quiz/${sessionId}/results.csv`, w.b.teacher), 404, "NOT_FOUND");
	});

	it("quotes CSV cells and defuses spreadsheet formulas in player names", async () => {
		await w.t.request({ method: "POST", url: `/v2/roblox/sessions/${sessionId}/join`, token: w.a.key, payload: { playerId: "5", playerName: '=HYPERLINK("x"),1' } });
		const csv = (await get(`/v2/roblox/quiz/${sessionId}/results.csv`)).body;
		expect(csv).toContain(`"'=HYPERLINK(""x""),1"`);
	});
});
