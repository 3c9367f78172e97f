import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpenAiProvider, generateLesson } from "../../src/modules/content/index.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";
import { answersFor, question, startLlmStandIn, type LlmStandIn } from "./llmStandIn.js";

/**
 * Lessons in any subject with a language model configured, through the v1 conversation and
 * POST /v2/roblox/generate-content, against a loopback OpenAI-compatible stand-in that checks
 * the bearer key and the request shape and returns good, malformed, wrong-answer and refused
 * outputs.
 */
let t: TestApp;
let llm: LlmStandIn;
let token: string;
beforeAll(async () => {
	llm = await startLlmStandIn();
	t = await startTestApp({ LLM_BASE_URL: llm.baseUrl, LLM_API_KEY: llm.apiKey, LLM_MODEL: "class-model", LLM_MAX_TOKENS_PER_LESSON: "5000" });
	const school = await t.createSchool();
	token = (await t.createUser({ role: "teacher", schoolId: school.id })).token;
});
afterAll(async () => {
	await t.close();
	await llm.close();
});

const HISTORY = [
	question("In which year was the US Declaration of Independence signed?", ["1776", "1789", "1812", "1865"], 0),
	question("Who was the first President of the United States?", ["Thomas Jefferson", "George Washington", "John Adams", "Abraham Lincoln"], 1),
	question("Which document begins with 'We the People'?", ["The Bill of Rights", "The Declaration of Independence", "The US Constitution", "The Emancipation Proclamation"], 2),
	question("What was the Boston Tea Party a protest against?", ["Taxes on tea without representation", "The price of coffee", "British soldiers in New York", "The end of slavery"], 0),
];
// Its key says 1776, but the Treaty of Paris was signed in 1783: the blind pass answers 1783.
const WRONG_KEY = question("In which year did the Treaty of Paris end the American Revolutionary War?", ["1776", "1783", "1791", "1801"], 0);
const TRUTH = new Map([...HISTORY.map((q) => [q.text, q.correct] as const), [WRONG_KEY.text, 1]]);

const say = async (session_id: string, user_input: string) => (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/input", token, payload: { session_id, user_input } })).json();

async function historyConversation(objective = "the causes of the American Revolution") {
	const start = (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token, payload: { initial_message: "8th grade history" } })).json();
	expect(start.message).not.toMatch(/can't build/);
	const sid = start.session_id as string;
	expect((await say(sid, "yes")).current_stage).toBe("requirements");
	await say(sid, objective);
	await say(sid, "no theme");
	await say(sid, "a classroom with quiz boards");
	await say(sid, "medium, 4 questions");
	expect((await say(sid, "yes")).current_stage).toBe("generation");
	return sid;
}

async function generate(sid: string) {
	const gen = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token, payload: { session_id: sid } });
	expect(gen.statusCode, gen.body).toBe(202);
	await t.services.jobs.idle();
	return (await t.request({ method: "GET", url: `/api/v1/roblox/conversation/generations/${gen.json().generation_id}`, token })).json();
}

describe("lessons written by a language model (loopback stand-in)", () => {
	it("offers any subject at discovery, generates a history lesson end to end and drops the question the model answers differently blind", async () => {
		const sid = await historyConversation();
		llm.script.write.push({ content: JSON.stringify({ questions: [HISTORY[0], WRONG_KEY, HISTORY[1], HISTORY[2], HISTORY[3]] }) });
		llm.script.answer.push(answersFor(TRUTH));
		const before = llm.requests.length;
		const status = await generate(sid);
		expect(status.status, status.error).toBe("completed");

		const calls = llm.requests.slice(before);
		expect(calls.map((c) => c.task.task)).toEqual(["write", "answer"]);
		expect(calls[0]).toMatchObject({ model: "class-model", task: { subject: "history", gradeLevel: 8, learningObjectives: ["the causes of the American Revolution"], difficulty: "medium", count: 5 } });
		// The blind pass never sees the answer key.
		expect(JSON.stringify(calls[1].messages)).not.toMatch(/"correct"|"explanation"/);
		expect(calls[1].task.questions).toHaveLength(5);

		const content = (await t.request({ method: "GET", url: `/v2/roblox/content/${status.content_id}`, token })).json().content;
		const texts = content.quiz.questions.map((q: { text: string }) => q.text);
		expect(texts).toEqual(HISTORY.map((q) => q.text));
		expect(texts).not.toContain(WRONG_KEY.text);
		for (const q of content.quiz.questions) {
			expect(q.options[q.correct]).toBe(HISTORY.find((h) => h.text === q.text)!.options[TRUTH.get(q.text)!]);
			expect(q.hints.length).toBeGreaterThan(0);
			expect(q.explanation).toMatch(/^The answer is /);
		}
		expect(llm.refused).toEqual([]);
	});

	it("asks again when the reply is malformed JSON, and when the blind answers are malformed", async () => {
		const before = llm.requests.length;
		llm.script.write.push({ content: '{"questions": [{"text": "Who wrote' }, { content: JSON.stringify({ questions: HISTORY }) });
		llm.script.answer.push({ content: "Sure! Here are my answers: 1) A" }, answersFor(TRUTH));
		const res = await t.request({ method: "POST", url: "/v2/roblox/generate-content", token, payload: { subject: "History", gradeLevel: 8, learningObjectives: ["the founding of the United States"], maxQuestions: 3 } });
		expect(res.statusCode, res.body).toBe(200);
		expect(res.json().content.quiz.questions).toHaveLength(3);
		const calls = llm.requests.slice(before);
		expect(calls.map((c) => c.task.task)).toEqual(["write", "write", "answer", "answer"]);
		// The retry carries the broken reply back and says what was wrong.
		expect(calls[1].messages.at(-2)).toMatchObject({ role: "assistant", content: '{"questions": [{"text": "Who wrote' });
		expect(calls[1].messages.at(-1)!.content).toMatch(/could not be used: the reply is not JSON/);
		expect(calls[3].messages.at(-1)!.content).toMatch(/could not be used/);
	});

	it("fails the lesson with CONTENT_REFUSED when the model refuses, and screens unsafe requests before any call", async () => {
		const sid = await historyConversation("the history of pranks to play on teachers");
		llm.script.write.push({ content: JSON.stringify({ refused: true, reason: "not a school topic" }) });
		const status = await generate(sid);
		expect(status).toMatchObject({ status: "failed", content_id: null });
		expect(status.error).toBe("CONTENT_REFUSED: This lesson was refused: not a school topic");

		const before = llm.requests.length;
		// Whether or not the subject has a built-in source to fall back on.
		for (const subject of ["History", "Chemistry"]) {
			const res = await t.request({ method: "POST", url: "/v2/roblox/generate-content", token, payload: { subject, gradeLevel: 9, learningObjectives: ["how to make a bomb at home"] } });
			expect(res.statusCode).toBe(422);
			expect(res.json().error).toMatchObject({ code: "CONTENT_REFUSED", details: { reason: "the request touches weapons" } });
		}
		expect(llm.requests.length).toBe(before);
	});

	it("keeps to the per-lesson cost cap: tokens (LLM_MAX_TOKENS_PER_LESSON) and calls", async () => {
		// The write call reports 4,990 tokens of the app's 5,000: the blind pass would pass the cap, so it is not made,
		// and no unchecked question is served.
		const before = llm.requests.length;
		llm.script.write.push({ content: JSON.stringify({ questions: HISTORY }), tokens: 4990 });
		const res = await t.request({ method: "POST", url: "/v2/roblox/generate-content", token, payload: { subject: "History", gradeLevel: 8, learningObjectives: ["the founding of the United States"], maxQuestions: 3 } });
		expect(res.statusCode).toBe(429);
		expect(res.json().error).toMatchObject({ code: "LLM_BUDGET_EXCEEDED", details: { calls: 1, tokens: 4990 } });
		expect(llm.requests.length).toBe(before + 1);

		// A cap of 1 call: the questions are written, the blind pass is never asked, nothing unchecked is served.
		const capped = createOpenAiProvider({ baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: "m", limits: { maxCalls: 1, maxTokens: 100_000 } });
		llm.script.write.push({ content: JSON.stringify({ questions: HISTORY }) });
		const mark = llm.requests.length;
		await expect(generateLesson({ subject: "History", gradeLevel: 8, learningObjectives: [], maxQuestions: 2 }, { llm: capped })).rejects.toMatchObject({ statusCode: 429, code: "LLM_BUDGET_EXCEEDED", details: { calls: 1 } });
		expect(llm.requests.length - mark).toBe(1);
		llm.script.write.length = 0;
	});

	it("sends the bearer key the stand-in checks; a wrong key fails the lesson (no built-in source for history) with LLM_UNAVAILABLE", async () => {
		const wrong = createOpenAiProvider({ baseUrl: llm.baseUrl, apiKey: "sk-wrong", model: "m" });
		await expect(generateLesson({ subject: "History", gradeLevel: 8, learningObjectives: [] }, { llm: wrong })).rejects.toMatchObject({ code: "LLM_UNAVAILABLE" });
		expect(llm.refused.at(-1)).toEqual([401, "Incorrect API key provided"]);
	});
});
