/**
 * Issue 6's last mile: a teacher's conversation with the Roblox v1 API generates a lesson as a
 * Rojo project on disk, and the framework place loads those very files (Rojo's rules, via the
 * harness) and runs the lesson on its quiz boards.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../server/test/helpers/testApp";
import { lastQuestion, launch, nextQuestion, startClassroom } from "./helpers/classroomPlace";

const repo = resolve(__dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "generated-project-"));
let backend: TestApp;

beforeAll(async () => {
	backend = await startTestApp({ DATA_DIR: dir, ROJO_PROJECTS_DIR: join(dir, "projects") });
});
afterAll(async () => {
	await backend?.close();
	rmSync(dir, { recursive: true, force: true });
});

async function generateThroughConversation(): Promise<{ projectDir: string; contentId: string }> {
	const school = await backend.createSchool();
	const teacher = await backend.createUser({ role: "teacher", schoolId: school.id });
	const say = (sid: string, text: string) =>
		backend.request({ method: "POST", url: "/api/v1/roblox/conversation/input", token: teacher.token, payload: { session_id: sid, user_input: text } });
	const start = await backend.request({ method: "POST", url: "/api/v1/roblox/conversation/start", token: teacher.token, payload: { user_id: "t1", initial_message: "I want to create a math learning environment" } });
	const sid = start.json().session_id as string;
	for (const text of [
		"Hi! It's for my 5th grade class.",
		"I want students to practice adding fractions and comparing decimals",
		"Let's use a space theme",
		"A classroom with quiz boards",
		"Medium difficulty with 4 questions",
		"yes, looks good",
	]) {
		expect((await say(sid, text)).statusCode).toBe(200);
	}
	const gen = await backend.request({ method: "POST", url: "/api/v1/roblox/conversation/generate", token: teacher.token, payload: { session_id: sid } });
	expect(gen.statusCode).toBe(202);
	await backend.services.jobs.idle();
	const status = (await backend.request({ method: "GET", url: `/api/v1/roblox/conversation/generations/${gen.json().generation_id}`, token: teacher.token })).json();
	expect(status.status).toBe("completed");
	return { projectDir: join(dir, "projects", gen.json().project_id), contentId: status.content_id };
}

/** The framework's project with the generated project's nodes grafted in, every $path absolute. */
function combinedProject(projectDir: string): string {
	const framework = absolutePaths(JSON.parse(readFileSync(join(repo, "default.project.json"), "utf8")), repo);
	const generated = absolutePaths(JSON.parse(readFileSync(join(projectDir, "default.project.json"), "utf8")), projectDir);
	framework.tree.ServerStorage = { ...(framework.tree.ServerStorage ?? { $className: "ServerStorage" }), ...generated.tree.ServerStorage, $className: "ServerStorage" };
	framework.tree.Workspace = { ...(framework.tree.Workspace ?? { $className: "Workspace" }), ...generated.tree.Workspace, $className: "Workspace" };
	const file = join(dir, "combined.project.json");
	writeFileSync(file, JSON.stringify(framework));
	return file;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function absolutePaths(node: any, base: string): any {
	if (node === null || typeof node !== "object" || Array.isArray(node)) return node;
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(node)) {
		if (key === "$path" && typeof value === "string") out[key] = resolve(base, value);
		else if (key === "$path" && value && typeof value === "object") out[key] = { optional: resolve(base, (value as { optional: string }).optional) };
		else out[key] = absolutePaths(value, base);
	}
	return out;
}

describe("a generated Rojo project in the place", () => {
	it("loads the generated lesson and classroom and runs its questions on the boards", async () => {
		const { projectDir, contentId } = await generateThroughConversation();
		const content = JSON.parse(readFileSync(join(projectDir, "src", "ServerStorage", "ClassroomContent", `${contentId}.json`), "utf8"));
		expect(dirname(projectDir)).toBe(join(dir, "projects"));

		const place = await startClassroom({ project: combinedProject(projectDir) });
		const teacher = await place.addPlayer("Teacher", { userId: 1 });
		const student = await place.addPlayer("Student", { userId: 2 });
		await place.advance(1);

		// The synced classroom model is there as Rojo builds it: boards tagged and indexed.
		const classroom = await place.instance("Workspace.Classroom");
		const boards = classroom!.children.filter((c) => c.tags.includes("QuizBoard"));
		expect(boards.map((b) => b.attributes.QuestionIndex).sort()).toEqual([0, 1, 2, 3]);
		// The lesson module is server-only.
		expect(await place.instance(`ServerStorage.ClassroomContent.${contentId}`)).toMatchObject({ className: "ModuleScript" });

		await launch(place, teacher, contentId);
		await nextQuestion(place, teacher);
		await place.advance(1.5);
		const view = lastQuestion(student)!;
		expect(view.text).toBe(content.quiz.questions[0].text);
		expect([...view.options].sort()).toEqual([...content.quiz.questions[0].options].sort());
		expect(JSON.stringify(student.inbox)).not.toContain('"correct"');
		const board = (await place.instance("Workspace.Classroom"))!.children.find((c) => c.tags.includes("QuizBoard") && c.attributes.QuestionIndex === 0)!;
		expect(board.attributes).toMatchObject({ Status: "open", QuestionId: view.questionId });
		await place.shutdown();
	});
});
