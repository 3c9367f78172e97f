import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/**
 * The conversation without a language model offers only what can be built: subjects with a
 * question source (said, with the bank's size), bank topics that exist, counts the bank can
 * fill, and worlds and activities from the worlds catalogue. Anything else is answered with
 * what is possible and never reaches generation.
 */
let t: TestApp;
let token: string;
beforeAll(async () => {
	t = await startTestApp();
	const school = await t.createSchool();
	token = (await t.createUser({ role: "teacher", schoolId: school.id })).token;
});
afterAll(() => t.close());

const start = async (payload: Record<string, unknown> = {}) => (await t.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token, payload })).json();
const say = async (session_id: string, user_input: string) => {
	const res = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/input", token, payload: { session_id, user_input } });
	expect(res.statusCode, res.body).toBe(200);
	return res.json();
};

describe("conversation offers only what it can build (no language model)", () => {
	it("answers 8th grade history at discovery with the subjects and topics it can build, and cannot reach generation", async () => {
		const { session_id: sid } = await start();
		const asked = await say(sid, "hello");
		expect(asked.current_stage).toBe("discovery");
		// The discovery question itself says what can be built.
		expect(asked.message).toMatch(/Which subject is this lesson for\? I can build mathematics \(generated questions: \d+ curriculum topics, K-12, as many as you like\).*science \(14 questions across grades 1-12\)/);

		const history = await say(sid, "8th grade history");
		expect(history).toMatchObject({ current_stage: "discovery", stage_changed: false, missing: ["subject"] });
		expect(history.collected).toEqual({ grade_level: 8 });
		expect(history.message).toMatch(/I can't build history lessons here\. I can build mathematics/);
		expect(history.message).toMatch(/science \(\d+ questions for grade 8: [a-z ,]+\)/);
		expect(history.message).toMatch(/history or computer science, need a language model, which is not configured here/);

		const gen = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token, payload: { session_id: sid, requirements: { environment_type: "classroom", interactive_elements: ["quiz_board"], difficulty: "easy" } } });
		expect(gen.statusCode).toBe(400);
		expect(gen.json().error.details.missing).toContain("subject");

		const cs = await say(sid, "ok then, computer science");
		expect(cs.current_stage).toBe("discovery");
		expect(cs.message).toMatch(/I can't build computer science lessons here/);

		const science = await say(sid, "science then");
		expect(science.current_stage).toBe("requirements");
		expect(science.message).toMatch(/science questions come from a small built-in bank: \d+ for grade 8 \(.*\), so a lesson has at most \d+ and repeats across lessons/);
	});

	it("does not substitute bank topics silently: an objective the bank lacks is said, with the topics it has", async () => {
		const { session_id: sid } = await start({ initial_message: "grade 5 science" });
		await say(sid, "yes");
		const volcanoes = await say(sid, "volcanoes and earthquakes");
		expect(volcanoes).toMatchObject({ current_stage: "requirements", missing: ["learning_objectives"] });
		expect(volcanoes.message).toMatch(/The built-in science bank has nothing on "volcanoes", "earthquakes" for grade 5\. It covers: .*planets.*Pick from those, or say "any topic"/);
		const planets = await say(sid, "planets and volcanoes");
		expect(planets.current_stage).toBe("personalization");
		expect(planets.message).toMatch(/I'll start with the bank's questions on planets; it has nothing on "volcanoes"/);
	});

	it("explains how maths objectives map to curriculum topics, and offers the closest topics when nothing matches", async () => {
		const { session_id: sid } = await start({ initial_message: "3rd grade maths" });
		const asked = await say(sid, "yes");
		expect(asked.current_stage).toBe("requirements");
		const facts = await say(sid, "multiplication facts");
		expect(facts.current_stage).toBe("personalization");
		expect(facts.message).toMatch(/I'll build multiplication facts to 10×10 — 3\.OA\.A\.1, 3\.OA\.C\.7\./);

		const other = (await start({ initial_message: "3rd grade maths" })).session_id;
		await say(other, "yes");
		const nothing = await say(other, "volcanoes");
		expect(nothing).toMatchObject({ current_stage: "requirements", missing: ["learning_objectives"] });
		expect(nothing.message).toMatch(/I couldn't match "volcanoes" to a grade 3 maths topic\. The closest topics for grade 3 are: .*Multiplication facts to 10×10.* Which would you like\?/);
	});

	it("lowers a question count the bank cannot fill, and says so", async () => {
		const { session_id: sid } = await start({ context: { subject: "geography", grade_level: 4, learning_objectives: ["any topic"] } });
		await say(sid, "hi");
		const many = await say(sid, "no theme, a forest, quiz boards, easy, 20 questions");
		expect(many.message).toMatch(/The bank has only (\d+) geography questions for grade 4, so the lesson will have \1, not 20/);
		const count = many.collected.question_count as number;
		expect(count).toBeLessThan(20);
		expect(count).toBeGreaterThan(0);
		await say(sid, "yes");
		const gen = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token, payload: { session_id: sid } });
		expect(gen.statusCode).toBe(202);
		await t.services.jobs.idle();
		const status = (await t.request({ method: "GET", url: `/api/v1/roblox/conversation/generations/${gen.json().generation_id}`, token })).json();
		expect(status.status, status.error).toBe("completed");
		const content = (await t.request({ method: "GET", url: `/v2/roblox/content/${status.content_id}`, token })).json().content;
		expect(content.quiz.questions).toHaveLength(count);
	});

	it("offers worlds and activities from the worlds catalogue only, and names what it cannot build", async () => {
		const { session_id: sid } = await start({ context: { subject: "mathematics", grade_level: 6, learning_objectives: ["percentages"] } });
		await say(sid, "hi");
		const volcano = await say(sid, "a volcano world please");
		expect(volcano.current_stage).toBe("personalization");
		expect(volcano.message).toMatch(/I can't build a volcano theme\. Worlds I can build: classroom, space, ocean, forest, castle, city, laboratory/);
		const space = await say(sid, "space then");
		expect(space.collected).toMatchObject({ theme: "space", environment_type: "space" });
		expect(space.current_stage).toBe("content_design");
		const puzzles = await say(sid, "puzzles and an escape room");
		expect(puzzles).toMatchObject({ current_stage: "content_design", missing: ["interactive_elements"] });
		expect(puzzles.message).toMatch(/I can't build puzzles, an escape room\. Worlds I can build: .* Activities: quiz boards, a treasure hunt/);
		const hunt = await say(sid, "a treasure hunt with flashcards");
		expect(hunt.collected.interactive_elements).toEqual(["treasure_hunt", "flashcards"]);
		expect(hunt.current_stage).toBe("uniqueness_enhancement");
	});

	it("refuses structured values that are not built, and activities that do not suit the subject", async () => {
		const started = await start({ context: { subject: "science", grade_level: 6, environment_type: "volcano island", interactive_elements: ["number_line", "crossword", "quiz_board"], theme: "sports" } });
		expect(started.message).toMatch(/I can't build a "sports" world/);
		expect(started.message).toMatch(/I can't build a "volcano_island" environment/);
		expect(started.message).toMatch(/Not built: crossword\. Not for science: number lines\. So I'll build quiz boards\./);
		const state = (await t.request({ method: "GET", url: `/api/v1/roblox/conversation/${started.session_id}`, token })).json();
		expect(state.collected).toEqual({ subject: "science", grade_level: 6, interactive_elements: ["quiz_board"] });
		const gen = await t.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token, payload: { session_id: started.session_id, requirements: { interactive_elements: ["puzzle"] } } });
		expect(gen.statusCode).toBe(400);
		expect(gen.json().error).toMatchObject({ code: "INVALID_REQUEST", details: { field: "interactive_elements" } });
	});
});
