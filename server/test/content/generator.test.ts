import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Value } from "@sinclair/typebox/value";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createOpenAiProvider, generateLesson, LessonContentSchema, llmFromConfig, validateBank } from "../../src/modules/content/index.js";
import { startTestApp } from "../helpers/testApp.js";

describe("lesson generator", () => {
	it("is reproducible from a seed and matches the LessonContent schema", async () => {
		const request = { subject: "Mathematics", gradeLevel: 5, learningObjectives: ["Add fractions"], maxQuestions: 6 };
		const one = await generateLesson(request, { seed: 99 });
		expect(await generateLesson(request, { seed: 99 })).toEqual(one);
		expect(await generateLesson(request, { seed: 100 })).not.toEqual(one);
		expect(Value.Check(LessonContentSchema, one)).toBe(true);
		expect(one.quiz.questions.map((q) => q.id)).toEqual(["q1", "q2", "q3", "q4", "q5", "q6"]);
		for (const q of one.quiz.questions) expect(q.standards[0].code).toMatch(/^[45]\.NF\./);
		expect(one.curriculum?.topics).toEqual(["fractions-add-subtract-like", "fractions-add-subtract-unlike"]);
	});

	it("places one reachable quiz board per question", async () => {
		for (const n of [1, 5, 12]) {
			const lesson = await generateLesson({ subject: "Mathematics", gradeLevel: 7, learningObjectives: [], maxQuestions: n, environmentType: "laboratory" }, { seed: 1 });
			const count = lesson.quiz.questions.length;
			const boards = lesson.objects.filter((o) => o.type === "quiz_board");
			expect(boards).toHaveLength(count);
			expect(boards.map((b) => b.properties.questionIndex)).toEqual([...Array(count).keys()]);
			const floor = lesson.objects.find((o) => o.type === "floor")!;
			const half = (floor.properties.size as number[])[0] / 2;
			for (const b of boards) {
				expect(b.properties.tag).toBe("QuizBoard");
				const [x, y, z] = b.position;
				expect(Math.abs(x)).toBeLessThan(half - 4);
				expect(Math.abs(z)).toBeLessThan(half - 4);
				expect(y - (b.properties.size as number[])[1] / 2).toBeGreaterThanOrEqual(0.5); // stands on the floor
				expect(y).toBeLessThanOrEqual(6);
			}
			// boards do not overlap each other
			for (let i = 0; i < boards.length; i++)
				for (let j = i + 1; j < boards.length; j++) expect(Math.hypot(boards[i].position[0] - boards[j].position[0], boards[i].position[2] - boards[j].position[2])).toBeGreaterThan(4);
			expect(lesson.terrain.type).toBe("laboratory");
		}
	});

	it("serves science, geography and language from the bank at several grades, options shuffled with the key", async () => {
		for (const subject of ["Science", "Geography", "English Language Arts"]) {
			for (const grade of [2, 6, 10]) {
				const lesson = await generateLesson({ subject, gradeLevel: grade, learningObjectives: [], maxQuestions: 3 }, { seed: grade });
				expect(lesson.quiz.questions, `${subject} ${grade}`).toHaveLength(3);
				for (const q of lesson.quiz.questions) {
					expect(q.correct).toBeGreaterThanOrEqual(0);
					expect(q.correct).toBeLessThan(q.options.length);
					expect(q.standards.length).toBeGreaterThan(0);
					expect(q.explanation.length).toBeGreaterThan(0);
				}
			}
		}
		const planets = await generateLesson({ subject: "Science", gradeLevel: 5, learningObjectives: [], maxQuestions: 7 }, { seed: 3 });
		const mercury = planets.quiz.questions.find((q) => q.text.startsWith("Which planet is closest"));
		expect(mercury && mercury.options[mercury.correct]).toBe("Mercury");
	});

	it("validates bank files at load: a wrong key index, repeated options or a missing field fail loudly", () => {
		const good = { grades: [3, 5], difficulty: "easy", text: "Q?", options: ["a", "b"], correct: 1, explanation: "e", hints: [], standards: [] };
		expect(validateBank({ subject: "science", questions: [good] }, "science")).toHaveLength(1);
		expect(() => validateBank({ subject: "science", questions: [{ ...good, correct: 2 }] }, "science")).toThrow(/out of range/);
		expect(() => validateBank({ subject: "science", questions: [{ ...good, options: ["a", "A"] }] }, "science")).toThrow(/repeat/);
		const { explanation: _, ...missing } = good;
		expect(() => validateBank({ subject: "science", questions: [missing] }, "science")).toThrow(/question bank science/);
		expect(() => validateBank({ subject: "science", questions: [{ ...good, grades: [6, 2] }] }, "science")).toThrow(/reversed/);
	});

	it("refuses an empty subject or a grade outside 1-12, naming the field", async () => {
		await expect(generateLesson({ subject: "Math", gradeLevel: 0, learningObjectives: [] })).rejects.toMatchObject({ statusCode: 400, details: { field: "gradeLevel" } });
		await expect(generateLesson({ subject: "Knitting", gradeLevel: 4, learningObjectives: [] })).rejects.toMatchObject({ statusCode: 400, details: { field: "subject" } });
	});
});

/**
 * The LLM provider against a loopback stand-in of an OpenAI-compatible server: it checks the
 * path, the bearer key and the model, and answers what the test queues (a reply or a status).
 */
describe("LLM provider", () => {
	let server: Server;
	let baseUrl: string;
	const replies: ({ status: number } | { content: string })[] = [];
	const seen: { path?: string; auth?: string; body: { model: string; messages: { role: string; content: string }[] } }[] = [];
	beforeAll(async () => {
		server = createServer(async (req: IncomingMessage, res) => {
			let raw = "";
			for await (const chunk of req) raw += chunk;
			const body = JSON.parse(raw);
			seen.push({ path: req.url, auth: req.headers.authorization, body });
			res.setHeader("content-type", "application/json");
			if (req.url !== "/v1/chat/completions") return res.writeHead(404).end("{}");
			if (req.headers.authorization !== "Bearer sk-test") return res.writeHead(401).end(JSON.stringify({ error: { message: "bad key" } }));
			if (!body.model || !Array.isArray(body.messages)) return res.writeHead(400).end("{}");
			const next = replies.shift() ?? { status: 500 };
			if ("status" in next) return res.writeHead(next.status).end("{}");
			res.end(JSON.stringify({ id: "x", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: next.content } }] }));
		});
		await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	const mathReply = JSON.stringify({
		questions: [
			{ text: "What is 1/2 + 1/3?", options: ["5/6", "2/5", "1/6", "2/3"], correct: 0, explanation: "3/6 + 2/6", hints: ["Use sixths"], grades: [5, 7], difficulty: "medium" },
			{ text: "What is 25% of 80?", options: ["25", "20", "55", "3.2"], correct: 0, explanation: "wrong key", hints: ["a quarter"], grades: [6, 6] },
			{ text: "Solve for x: 2x + 3 = 7", options: ["x = 2", "x = 2", "x = 5", "x = 4"], correct: 0 },
			{ text: "What is the best number?", options: ["1", "2", "3", "4"], correct: 1, explanation: "?", hints: ["?"], grades: [1, 12] },
			{ text: "Solve for x: 3x - 2 = 10", options: ["x = 4", "x = 3", "x = 5", "x = 6"], correct: 0, explanation: "3x = 12, so x = 4", hints: ["add 2"], grades: [6, 8] },
			{ text: "", options: ["a"], correct: 9 },
		],
	});

	it("keeps valid questions, drops wrong maths, duplicates, unverifiable and malformed ones, and fills from the generator", async () => {
		replies.push({ content: "```json\n" + mathReply + "\n```" });
		const llm = createOpenAiProvider({ baseUrl, apiKey: "sk-test", model: "test-model" });
		const lesson = await generateLesson({ subject: "Mathematics", gradeLevel: 6, learningObjectives: ["fractions"], maxQuestions: 4 }, { seed: 1, llm });
		const texts = lesson.quiz.questions.map((q) => q.text);
		expect(texts.slice(0, 2)).toEqual(["What is 1/2 + 1/3?", "Solve for x: 3x - 2 = 10"]);
		expect(texts).not.toContain("What is 25% of 80?");
		expect(texts).not.toContain("What is the best number?");
		expect(lesson.quiz.questions).toHaveLength(4);
		expect(lesson.quiz.questions.map((q) => q.id)).toEqual(["q1", "q2", "q3", "q4"]);
		const request = seen.at(-1)!;
		expect(request.body.model).toBe("test-model");
		// Asked for a spare question beyond the 4 wanted, so dropped ones need no second round.
		expect(JSON.parse(request.body.messages[1].content)).toMatchObject({ task: "write", subject: "Mathematics", gradeLevel: 6, count: 5 });
	});

	it("falls back to the built-in sources when the model fails (5xx, 429, bad key, garbage)", async () => {
		const good = createOpenAiProvider({ baseUrl, apiKey: "sk-test", model: "m" });
		const badKey = createOpenAiProvider({ baseUrl, apiKey: "sk-wrong", model: "m" });
		const request = { subject: "Geography", gradeLevel: 4, learningObjectives: [], maxQuestions: 3 };
		const plain = await generateLesson(request, { seed: 4 });
		replies.push({ status: 503 });
		expect(await generateLesson(request, { seed: 4, llm: good })).toEqual(plain);
		replies.push({ status: 429 });
		expect(await generateLesson(request, { seed: 4, llm: good })).toEqual(plain);
		expect(await generateLesson(request, { seed: 4, llm: badKey })).toEqual(plain);
		expect(seen.at(-1)!.auth).toBe("Bearer sk-wrong");
		replies.push({ content: "I cannot do that" });
		expect(await generateLesson(request, { seed: 4, llm: good })).toEqual(plain);
	});

	it("is off by default, and used by POST /v2/roblox/generate-content when LLM_BASE_URL is configured", async () => {
		expect(llmFromConfig(loadConfig({ DATABASE_URL: "memory://" }))).toBeUndefined();
		const t = await startTestApp({ LLM_BASE_URL: baseUrl, LLM_API_KEY: "sk-test", LLM_MODEL: "class-model" });
		try {
			const { id } = await t.createSchool();
			const teacher = await t.createUser({ role: "teacher", schoolId: id });
			const before = seen.length;
			replies.push({ content: mathReply });
			const res = await t.request({ method: "POST", url: "/v2/roblox/generate-content", token: teacher.token, payload: { subject: "Mathematics", gradeLevel: 6, learningObjectives: [], maxQuestions: 3 } });
			expect(res.statusCode, res.body).toBe(200);
			expect(seen.length).toBe(before + 1);
			expect(seen.at(-1)!.body.model).toBe("class-model");
			expect(res.json().content.quiz.questions.map((q: { text: string }) => q.text).slice(0, 2)).toEqual(["What is 1/2 + 1/3?", "Solve for x: 3x - 2 = 10"]);
		} finally {
			await t.close();
		}
	}, 120_000);
});
