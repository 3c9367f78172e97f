/**
 * Issue 11's worlds, end to end: a teacher asks the v1 conversation for a "space treasure hunt"
 * and an "ocean obstacle course"; the backend generates each lesson as a Rojo project on disk;
 * the framework place loads those files (themed Lighting, ground and props, tagged stations)
 * and two students play the lesson to the end, one through her client's controllers (prompt,
 * quiz panel) and one through the remotes. Scores come from the session; the key stays on the
 * server; the session ends by itself when both are done.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../server/test/helpers/testApp";
import type { LessonContent } from "../../server/src/modules/content/types";
import type { Place, SimPlayer } from "../harness";
import { lastOf, lastQuestion, launch, startClassroom } from "./helpers/classroomPlace";
import { answer, answerSlots, combinedProject, expectNoKeyLeak, lastUpdate, stations, until, use } from "./helpers/worldPlace";
import { requireBuild } from "./support";

const dir = mkdtempSync(join(tmpdir(), "generated-worlds-"));
let backend: TestApp;

beforeAll(async () => {
	requireBuild();
	backend = await startTestApp({ DATA_DIR: dir, ROJO_PROJECTS_DIR: join(dir, "projects") });
});
afterAll(async () => {
	await backend?.close();
	rmSync(dir, { recursive: true, force: true });
});

async function generateThroughConversation(messages: string[]): Promise<{ projectDir: string; content: LessonContent; contentId: string }> {
	const school = await backend.createSchool();
	const teacher = await backend.createUser({ role: "teacher", schoolId: school.id });
	const say = (sid: string, text: string) =>
		backend.request({ method: "POST", url: "/api/v1/roblox/conversation/input", token: teacher.token, payload: { session_id: sid, user_input: text } });
	const start = await backend.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token: teacher.token, payload: { user_id: "t1", initial_message: "I want to create a math learning environment" } });
	const sid = start.json().session_id as string;
	for (const text of messages) expect((await say(sid, text)).statusCode).toBe(200);
	const gen = await backend.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token: teacher.token, payload: { session_id: sid } });
	expect(gen.statusCode).toBe(202);
	await backend.services.jobs.idle();
	const status = (await backend.request({ method: "GET", url: `/api/v1/roblox/conversation/generations/${gen.json().generation_id}`, token: teacher.token })).json();
	expect(status.status).toBe("completed");
	const projectDir = join(dir, "projects", gen.json().project_id);
	const content = JSON.parse(readFileSync(join(projectDir, "src", "ServerStorage", "ClassroomContent", `${status.content_id}.json`), "utf8"));
	return { projectDir, content, contentId: status.content_id };
}

const CORE = `local core = game:GetService("ReplicatedStorage").rbxts_include.node_modules["@flamework"].core.out`;
const controller = (path: string, name: string) => `${CORE}\nlocal c = require(core).Flamework.resolveDependency("client/${path}/${name}@${name}")`;

interface Classroom {
	place: Place;
	teacher: SimPlayer;
	ana: SimPlayer;
	ben: SimPlayer;
}

async function openClassroom(projectDir: string, contentId: string): Promise<Classroom> {
	const place = await startClassroom({ project: combinedProject(projectDir, dir), config: { questionTime: 30 } });
	const teacher = await place.addPlayer("Teacher", { userId: 1 });
	const ana = await place.addPlayer("Ana", { userId: 2, client: true });
	const ben = await place.addPlayer("Ben", { userId: 3 });
	await place.advance(1);
	await launch(place, teacher, contentId);
	return { place, teacher, ana, ben };
}

/** Ana plays a station on her client: its prompt's action, then her quiz panel's option buttons. */
async function anaPlays(place: Place, ana: SimPlayer, content: LessonContent, station: string, right: boolean): Promise<{ outcome: string; earned: number }> {
	await place.advance(3);
	const prompt = await ana.client.eval<string>(`return workspace.Classroom.${station}.ActivityPrompt.ActionText`);
	expect(prompt.length).toBeGreaterThan(0);
	const before = ana.received("question").length;
	await ana.client.eval(`${controller("activities", "ActivityController")}\nc:use(workspace.Classroom.${station})`);
	await until(place, () => ana.received("question").length > before);
	expect(ana.received("question").length).toBe(before + 1);
	const view = lastQuestion(ana)!;
	const results = ana.received("answerResult").length;
	for (const slot of answerSlots(content, view, right)) await ana.client.eval(`${controller("classroom", "QuizController")}\nc:choose(${slot})`);
	await until(place, () => ana.received("answerResult").length > results);
	// Her client applies the station update (a gate opening, a chest lid) a moment later at most.
	await place.advance(0.5);
	const result = lastOf<{ questionId: string; outcome: string; earned: number }>(ana, "answerResult")!;
	expect(result.questionId).toBe(view.questionId);
	return result;
}

async function sessionScores(ana: SimPlayer, ben: SimPlayer) {
	const board = lastOf<{ status: string; leaderboard: { name: string; score: number }[] }>(ana, "session")!;
	return { status: board.status, scores: Object.fromEntries(board.leaderboard.map((e) => [e.name, e.score])), ben: lastOf<{ sessionScore: number }>(ben, "hud")?.sessionScore };
}

describe("generated worlds in the place", () => {
	it("a space treasure hunt: chests over a moon base, played to the end by two students", async () => {
		const { projectDir, content, contentId } = await generateThroughConversation([
			"Hi! It's for my 5th grade class.",
			"I want students to practice adding fractions and comparing decimals",
			"Let's use a space theme",
			"A treasure hunt on a moon base",
			"Medium difficulty with 6 questions",
			"yes, looks good",
		]);
		expect(content.terrain.type).toBe("space");
		expect(content.quiz.questions).toHaveLength(6);
		expect(content.quiz.questions.every((q) => q.activity === "treasure_hunt")).toBe(true);

		const { place, ana, ben } = await openClassroom(projectDir, contentId);
		expect(await place.eval("return { game.Lighting.ClockTime, tostring(workspace.Classroom.Floor1.Material), workspace.Classroom:FindFirstChild('Rocket1') ~= nil }")).toEqual([0, expect.stringMatching(/Basalt$/), true]);
		const chests = await stations(place, "TreasureChest");
		expect(chests).toHaveLength(6);
		// Spread over the map: no two chests within 15 studs of each other.
		const model = JSON.parse(readFileSync(join(projectDir, "src", "Workspace", "Classroom.model.json"), "utf8")) as { children: { name: string; properties: { CFrame: number[] } }[] };
		const at = model.children.filter((c) => c.name.startsWith("TreasureChest")).map((c) => [c.properties.CFrame[0], c.properties.CFrame[2]]);
		expect(at).toHaveLength(6);
		for (let i = 0; i < at.length; i++) for (let j = i + 1; j < at.length; j++) expect(Math.hypot(at[i][0] - at[j][0], at[i][1] - at[j][1])).toBeGreaterThan(15);

		let anaScore = 0;
		let benScore = 0;
		for (const [i, chest] of chests.entries()) {
			const a = await anaPlays(place, ana, content, chest.name, true);
			expect(a.outcome).toBe("right");
			anaScore += a.earned;
			expect(await ana.client.eval(`return workspace.Classroom.${chest.name}.Lid.Transparency`)).toBe(1);
			const b = await answer(place, ben, content, (await use(place, ben, `Workspace.Classroom.${chest.name}`))!, i % 2 === 0);
			expect(b.outcome).toBe(i % 2 === 0 ? "right" : "wrong");
			benScore += b.earned;
		}
		expect(lastUpdate(ben)?.status).toBe("missed");
		await place.advance(1.5);
		expect(await sessionScores(ana, ben)).toEqual({ status: "ended", scores: { Ana: anaScore, Ben: benScore }, ben: benScore });
		expect(benScore).toBeGreaterThan(0);
		expect(anaScore).toBeGreaterThan(benScore);
		expect((await stations(place, "TreasureChest")).map((c) => c.attributes.Found)).toEqual([2, 1, 2, 1, 2, 1]);
		await expectNoKeyLeak(place, content, [ana, ben]);
		expect(ana.client.errors).toEqual([]);
		await place.shutdown();
	});

	it("an ocean obstacle course: gates that open on a right answer, run to the finish by two students", async () => {
		const { projectDir, content, contentId } = await generateThroughConversation([
			"Hi! It's for my 5th grade class.",
			"I want students to practice adding fractions and comparing decimals",
			"Let's use an ocean theme",
			"An obstacle course underwater",
			"Easy difficulty with 5 questions",
			"yes, looks good",
		]);
		expect(content.terrain.type).toBe("ocean");
		expect(content.quiz.questions.map((q) => q.activity)).toEqual(Array(5).fill("obstacle_course"));

		const { place, ana, ben } = await openClassroom(projectDir, contentId);
		expect(await place.eval("return { game.Lighting.FogEnd, tostring(workspace.Classroom.Floor1.Material), workspace.Classroom:FindFirstChild('Shipwreck1') ~= nil }")).toEqual([260, expect.stringMatching(/Sand$/), true]);
		const gates = await stations(place, "ObstacleGate");
		expect(gates.map((g) => g.attributes.Step)).toEqual([1, 2, 3, 4, 5]);
		expect(await stations(place, "CourseFinish")).toHaveLength(1);

		// Ben cannot skip ahead.
		expect(await use(place, ben, `Workspace.Classroom.${gates[2].name}`)).toBeUndefined();
		expect(lastUpdate(ben)?.message).toBe("Open gate 1 first.");
		let anaScore = 0;
		let benScore = 0;
		for (const [i, gate] of gates.entries()) {
			const a = await anaPlays(place, ana, content, gate.name, true);
			anaScore += a.earned;
			// The gate opens on Ana's client only.
			expect(await ana.client.eval(`local g = workspace.Classroom.${gate.name} return { g.CanCollide, g.Transparency }`)).toEqual([false, 0.8]);
			const path = `Workspace.Classroom.${gate.name}`;
			if (i === 1) {
				const wrong = await answer(place, ben, content, (await use(place, ben, path))!, false);
				expect(wrong).toMatchObject({ outcome: "wrong", earned: 0 });
				expect(lastUpdate(ben)?.status).toBe("shut");
				expect(await use(place, ben, path)).toBeUndefined();
				await place.advance(3);
				const retry = await answer(place, ben, content, (await use(place, ben, path))!, true);
				expect(retry).toMatchObject({ outcome: "right", earned: 0 });
			} else {
				benScore += (await answer(place, ben, content, (await use(place, ben, path))!, true)).earned;
			}
			expect(lastUpdate(ben)).toMatchObject({ status: "open", progress: i + 1, total: 5 });
		}
		expect(lastUpdate(ben)?.message).toBe("Course complete!");
		await place.advance(1.5);
		expect(await sessionScores(ana, ben)).toEqual({ status: "ended", scores: { Ana: anaScore, Ben: benScore }, ben: benScore });
		expect((await stations(place, "ObstacleGate")).map((g) => g.attributes.Passed)).toEqual([2, 2, 2, 2, 2]);
		await expectNoKeyLeak(place, content, [ana, ben]);
		expect(ana.client.errors).toEqual([]);
		await place.shutdown();
	});
});
