/**
 * The Studio plugin (plugin/, compiled Luau) in the Studio emulation, against the real backend:
 * a teacher signs in by device code (approved through the API as the teacher app does), walks
 * the 8-stage conversation in the widget, watches generation over server-sent events, and
 * inserts the lesson into the open place; one undo takes it all away, "Update" rebuilds it
 * from the server's edited version; then the place, saved and played, runs that lesson for
 * simulated students. The backend's clock follows Studio's virtual clock, so polling intervals
 * mean the same on both sides.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { lessonContents } from "../../server/src/modules/content/tables";
import { robloxDeviceCodes } from "../../server/src/modules/roblox/tables";
import { startTestApp, type TestApp } from "../../server/test/helpers/testApp";
import { jsonToLuau } from "../harness/rojo/jsonToLuau";
import { startStudio, type Studio } from "../harness/studio/studio";
import { lastOf, lastQuestion, launch, nextQuestion, NO_BACKEND } from "./helpers/classroomPlace";
import { requireBuild } from "./support";

const dir = mkdtempSync(join(tmpdir(), "plugin-studio-"));
let backend: TestApp;
let url: string;
let studio: Studio | undefined;
const realStart = Date.now();
/** Moves the backend's clock against Studio's, to make a poll look early. */
let skewMs = 0;
const clockStart = Date.parse("2026-03-02T09:00:00Z");

const W = "ClassroomWidget.Root";
const FAKE_ROJO = fileURLToPath(new URL("../../server/test/roblox/fixtures/fake-rojo.mjs", import.meta.url));
const ROJO_PORT = 43000 + Math.floor(Math.random() * 2000);
const CONFIG = { "ServerStorage.ClassroomConfig": { className: "ModuleScript" as const, source: jsonToLuau({ backendUrl: NO_BACKEND, teacherUserIds: [1], contentPollInterval: 0 }) } };

beforeAll(async () => {
	requireBuild();
	backend = await startTestApp({ DATA_DIR: dir, ROJO_PROJECTS_DIR: join(dir, "projects"), ROJO_BIN: FAKE_ROJO, ROJO_BASE_PORT: String(ROJO_PORT) }, { clock: () => clockStart + (Date.now() - realStart) + (studio?.elapsed ?? 0) * 1000 + skewMs });
	await backend.app.listen({ port: 0, host: "127.0.0.1" });
	const address = backend.app.server.address() as { port: number };
	url = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
	await studio?.close();
	await backend?.close();
	rmSync(dir, { recursive: true, force: true });
});

async function openStudio(serverUrl = url, settings?: Studio["settings"]): Promise<Studio> {
	const s = await startStudio({ extraScripts: CONFIG, settings });
	await s.clickButton("Classroom");
	await s.type(`${W}.Server.Url`, serverUrl);
	return s;
}

async function say(s: Studio, text: string, stage: RegExp): Promise<string> {
	await s.type(`${W}.Lesson.Input`, text);
	return s.untilText(stage);
}

/** A 3-question grade-5 fractions lesson on quiz boards, to the generation stage; returns the widget's text. */
async function walkConversation(s: Studio): Promise<string> {
	await say(s, "Hi! It's for my 5th grade class.", /Stage \d of 8: (discovery|requirements)/);
	await say(s, "Mathematics for grade 5", /Stage \d of 8: requirements/);
	await say(s, "I want students to practice adding fractions", /Stage \d of 8: personalization/);
	await say(s, "no theme", /Stage \d of 8: content_design/);
	await say(s, "Quiz boards in a classroom", /Stage \d of 8: uniqueness_enhancement/);
	await say(s, "Medium difficulty with 3 questions", /Stage \d of 8: validation/);
	return say(s, "yes, looks good", /Stage 8 of 8: generation/);
}

describe("the Classroom Studio plugin", () => {
	it("signs in by device code, builds a lesson in the chat, inserts it in one undo step, updates it, and the place plays it", async () => {
		const school = await backend.createSchool();
		const teacher = await backend.createUser({ role: "teacher", schoolId: school.id });
		studio = await openStudio();
		const s = studio;
		expect((await s.widgets()).map((w) => [w.id, w.enabled])).toEqual([["ClassroomWidget", true]]);

		// Sign-in: the widget shows the code and the teacher app's /device page; the teacher approves it.
		await s.click(`${W}.Account.SignIn`);
		const waiting = await s.untilText("Waiting for a teacher to approve");
		const userCode = /\b([B-Z]{4}-[B-Z]{4})\b/.exec(waiting)?.[1];
		expect(userCode, waiting).toBeDefined();
		expect(waiting).toContain(`${url}/device`);
		const approved = await backend.request({ method: "POST", url: "/api/v1/roblox/auth/device/approve", token: teacher.token, payload: { user_code: userCode } });
		expect(approved.statusCode, approved.body).toBe(200);
		await s.untilText("Signed in.");
		// The refresh token is in the plugin's settings; the access token is nowhere but memory.
		const stored = s.settings.get("RefreshToken");
		expect(typeof stored).toBe("string");
		expect([...s.settings.values.keys()].sort()).toEqual(["RefreshToken", "ServerUrl"]);

		// The conversation: stepper and facts follow each answer.
		await s.untilText("Stage 1 of 8: greeting");
		const ready = await walkConversation(s);
		expect(ready).toContain("[done] validation");
		expect(ready).toMatch(/subject: mathematics/i);
		expect(ready).toMatch(/grade_level: 5/);

		// Generation, watched over the SSE stream.
		await s.click(`${W}.Lesson.Generate`);
		const generated = await s.untilText("Ready to insert", { realMs: 30_000 });
		expect(generated).toContain("Generated: 100%");
		// It came over the stream: the plugin opened one and its last message was the completion.
		expect(s.streamLog).toHaveLength(1);
		expect(s.streamLog[0].url).toMatch(/\/api\/v1\/roblox\/conversation\/generations\/gen_\w+\/events$/);
		expect(s.streamLog[0].messages.at(-1)).toMatch(/^id: 100\nevent: generation-complete\ndata: \{.*"content_id":"content_/);

		const completed = JSON.parse(s.streamLog[0].messages.at(-1)!.split("data: ")[1]) as { content_id: string; project_id: string };

		// Not while the game runs.
		await s.setRunMode(true);
		await s.click(`${W}.Lesson.Insert`);
		await s.untilText("Lessons can be inserted only in edit mode: stop the playtest first.");
		await s.setRunMode(false);
		// An error half-way cancels the recording: the classroom built before it is gone again.
		await s.eval(`local m = Instance.new("ModuleScript") m.Name = "${completed.content_id}" m.Parent = game.ServerStorage.ClassroomContent`);
		await s.click(`${W}.Lesson.Insert`);
		await s.untilText(`The lesson was not inserted: ServerStorage.ClassroomContent.${completed.content_id} exists and was not inserted by this plugin`);
		expect(await s.eval(`return { workspace:FindFirstChild("Classroom") == nil, (game:GetService("ChangeHistoryService"):GetCanUndo()) }`)).toEqual([true, false]);
		await s.eval(`game.ServerStorage.ClassroomContent["${completed.content_id}"]:Destroy()`);

		// Insert: one recording; every instance tagged and stamped; the result selected.
		await s.click(`${W}.Lesson.Insert`);
		const inserted = await s.untilText(/Inserted lesson (content_\w+): 3 questions/);
		const contentId = /Inserted lesson (content_\w+)/.exec(inserted)![1];
		const stamps = await s.eval<unknown[]>(`
			local CollectionService = game:GetService("CollectionService")
			local roots, nodes, unstamped = {}, 0, 0
			for _, root in CollectionService:GetTagged("ClassroomLesson") do
				table.insert(roots, root:GetFullName())
				for _, node in { root, table.unpack(root:GetDescendants()) } do
					nodes += 1
					if node:GetAttribute("ClassroomContentId") ~= "${contentId}" or type(node:GetAttribute("ClassroomGenerationId")) ~= "string"
						or node:GetAttribute("ClassroomSchemaVersion") ~= 1 or not node:HasTag("ClassroomLessonNode") then
						unstamped += 1
					end
				end
			end
			table.sort(roots)
			local boards = 0
			for _, part in workspace.Classroom:GetChildren() do
				if part:HasTag("QuizBoard") then boards += 1 end
			end
			return { roots, nodes, unstamped, boards, workspace.Classroom:GetAttribute("BuiltFor") }`);
		expect(stamps).toEqual([[`ServerStorage.ClassroomContent.${contentId}`, "Workspace.Classroom"], expect.any(Number), 0, 3, contentId]);
		expect(await s.selection()).toEqual(["Workspace.Classroom", `ServerStorage.ClassroomContent.${contentId}`]);
		// No class name or code came from the server: the module's source is the plugin's fixed text.
		expect(await s.eval<string>(`return game.ServerStorage.ClassroomContent["${contentId}"].Source`)).toMatch(/^-- Inserted by the Classroom Studio plugin/);

		// One undo removes every inserted instance; redo brings them back.
		const count = `return { #game:GetService("CollectionService"):GetTagged("ClassroomLessonNode"), workspace:FindFirstChild("Classroom") ~= nil }`;
		const [nodes] = await s.eval<[number, boolean]>(count);
		await s.undo();
		expect(await s.eval(count)).toEqual([0, false]);
		await s.redo();
		expect(await s.eval(count)).toEqual([nodes, true]);

		// The teacher deletes a question in the review screen; "Update" rebuilds from it in one step.
		const review = await backend.request({ method: "GET", url: `/v2/roblox/content/${contentId}`, token: teacher.token });
		const questions = review.json().content.quiz.questions as { id: string; text: string; options: string[]; correct: number; explanation: string; hints: string[] }[];
		const edited = await backend.request({
			method: "PUT",
			url: `/v2/roblox/content/${contentId}/questions`,
			token: teacher.token,
			payload: { questions: questions.slice(0, 2).map(({ id, text, options, correct, explanation, hints }) => ({ id, text, options, correct, explanation, hints })) },
		});
		expect(edited.statusCode, edited.body).toBe(200);
		await s.click(`${W}.Lesson.Update`);
		await s.untilText(/Updated lesson content_\w+: 2 questions/);
		expect(await s.eval(`local n = 0 for _, p in workspace.Classroom:GetChildren() do if p:HasTag("QuizBoard") then n += 1 end end return { n, #game:GetService("CollectionService"):GetTagged("ClassroomLesson") }`)).toEqual([2, 2]);
		await s.undo();
		expect(await s.eval(`local n = 0 for _, p in workspace.Classroom:GetChildren() do if p:HasTag("QuizBoard") then n += 1 end end return n`)).toBe(3);
		await s.redo();

		// A lesson the server sends broken is refused whole: nothing in the place changes.
		const [row] = await backend.services.database.db.select().from(lessonContents).where(eq(lessonContents.id, contentId));
		const broken = structuredClone(row.content);
		broken.quiz.questions[1].correct = 9;
		await backend.services.database.db.update(lessonContents).set({ content: broken }).where(eq(lessonContents.id, contentId));
		const before = await s.eval<[boolean, string]>(`return { (game:GetService("ChangeHistoryService"):GetCanUndo()) }`);
		await s.click(`${W}.Lesson.Update`);
		await s.untilText(`The lesson from the server was not inserted: question ${broken.quiz.questions[1].id} has no valid answer.`);
		expect(await s.eval(`local n = 0 for _, p in workspace.Classroom:GetChildren() do if p:HasTag("QuizBoard") then n += 1 end end return n`)).toBe(2);
		expect(await s.eval<[boolean, string]>(`return { (game:GetService("ChangeHistoryService"):GetCanUndo()) }`)).toEqual(before);
		await backend.services.database.db.update(lessonContents).set({ content: row.content }).where(eq(lessonContents.id, contentId));

		// Play: the saved place runs the inserted lesson for two students.
		const place = await s.play();
		const host = await place.addPlayer("Teacher", { userId: 1 });
		const ana = await place.addPlayer("Ana", { userId: 2 });
		const ben = await place.addPlayer("Ben", { userId: 3 });
		await place.advance(1);
		await launch(place, host, contentId);
		expect(lastOf<{ status: string; joined: boolean }>(ana, "session")).toMatchObject({ status: "waiting", joined: true });
		const lesson = JSON.parse(await s.eval<string>(`return game.ServerStorage.ClassroomContent["${contentId}"].Lesson.Value`)) as { quiz: { questions: { id: string; options: string[]; correct: number }[] } };
		let anaRight = 0;
		for (let i = 0; i < 2; i++) {
			await nextQuestion(place, host);
			await place.advance(1);
			for (const [student, right] of [[ana, true], [ben, i === 0]] as const) {
				const view = lastQuestion(student)!;
				const question = lesson.quiz.questions.find((q) => q.id === view.questionId)!;
				const key = question.options[question.correct];
				await student.fire("submitAnswer", view.questionId, right ? view.options.indexOf(key) : view.options.findIndex((o) => o !== key));
				const result = lastOf<{ outcome: string }>(student, "answerResult")!;
				expect(result.outcome).toBe(right ? "right" : "wrong");
				if (student === ana && right) anaRight++;
			}
		}
		expect(anaRight).toBe(2);
		await place.shutdown();

		// Rojo users: the steps for the generated project, and whether rojo serve answers.
		await s.click(`${W}.Rojo.Check`);
		const steps = await s.untilText(`No Rojo server answers on localhost:${ROJO_PORT}`);
		expect(steps).toContain(`rojo serve "${join(dir, "projects", completed.project_id)}/default.project.json" --port ${ROJO_PORT}`);
		expect(steps).toContain(`host localhost, port ${ROJO_PORT}`);
		const served = await backend.request({ method: "POST", url: `/api/v1/roblox/rojo/projects/${completed.project_id}/start`, token: teacher.token });
		expect(served.statusCode, served.body).toBe(200);
		await s.click(`${W}.Rojo.Check`);
		await s.untilText(`Rojo is serving fake on localhost:${served.json().port} (Rojo 7.5.1).`);

		// Studio restarts: the stored refresh token signs in again (and is rotated); no code needed.
		await s.close();
		studio = await openStudio(url, s.settings);
		const again = studio;
		await again.untilText("Stage 1 of 8: greeting");
		expect(await again.text()).toContain("Signed in.");
		const rotated = again.settings.get("RefreshToken");
		expect(rotated).not.toBe(stored);

		// Signing out revokes the refresh token on the server.
		await again.click(`${W}.Account.SignOut`);
		await again.untilText("Signed out.");
		expect(again.settings.values.has("RefreshToken")).toBe(false);
		const reused = await backend.request({ method: "POST", url: "/api/v1/roblox/oauth/token", payload: { grant_type: "refresh_token", refresh_token: rotated } });
		expect(reused.json().error).toBe("invalid_grant");
	});
});

describe("device sign-in pacing", () => {
	it("polls at the server's interval and slows down by the interval a slow_down names", async () => {
		const school = await backend.createSchool();
		const teacher = await backend.createUser({ role: "teacher", schoolId: school.id });
		const s = await openStudio();
		studio = s;
		await s.click(`${W}.Account.SignIn`);
		const code = /\b([B-Z]{4}-[B-Z]{4})\b/.exec(await s.untilText("Waiting for a teacher"))![1];
		// This Studio's code is the one sign-in still pending (codes are stored hashed).
		const row = async () => (await backend.services.database.db.select().from(robloxDeviceCodes)).filter((r) => r.status === "pending").sort((a, b) => +b.createdAt - +a.createdAt)[0];
		const base = (await row()).interval;
		await s.advance(base + 0.5);
		expect((await row()).lastPolledAt).not.toBeNull();
		// The server's clock runs 3 s behind from here: the next poll looks early and gets slow_down.
		skewMs -= 3000;
		await s.advance(base);
		expect((await row()).interval).toBe(base + 5);
		// Polling at the new interval draws no further slow_down.
		await s.advance(4 * (base + 5));
		expect((await row()).interval).toBe(base + 5);
		const approved = await backend.request({ method: "POST", url: "/api/v1/roblox/auth/device/approve", token: teacher.token, payload: { user_code: code } });
		expect(approved.statusCode, approved.body).toBe(200);
		await s.untilText("Signed in.");
		await s.close();
	});
});

describe("generation progress without a stream", () => {
	it("polls the generation's status when no web stream client can be opened (Studio's 6 are taken)", async () => {
		const school = await backend.createSchool();
		const teacher = await backend.createUser({ role: "teacher", schoolId: school.id });
		const hold: Server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/event-stream" }).write(": open\n\n"));
		await new Promise<void>((resolve) => hold.listen(0, "127.0.0.1", resolve));
		const s = await openStudio();
		studio = s;
		await s.click(`${W}.Account.SignIn`);
		const code = /\b([B-Z]{4}-[B-Z]{4})\b/.exec(await s.untilText("Waiting for a teacher"))![1];
		await backend.request({ method: "POST", url: "/api/v1/roblox/auth/device/approve", token: teacher.token, payload: { user_code: code } });
		await s.untilText("Signed in.");
		await walkConversation(s);
		await s.eval(`
			local Http = game:GetService("HttpService")
			_G.held = {}
			for i = 1, 6 do table.insert(_G.held, Http:CreateWebStreamClient(Enum.WebStreamClientType.SSE, { Url = "http://127.0.0.1:${(hold.address() as { port: number }).port}/", Method = "GET" })) end`);
		await s.click(`${W}.Lesson.Generate`);
		await s.untilText("Ready to insert", { realMs: 30_000 });
		// Only the six held streams were ever opened: the plugin's progress came from polling.
		expect(s.streamLog).toHaveLength(6);
		await s.close();
		hold.closeAllConnections();
		hold.close();
	});
});

describe("the plugin's messages", () => {
	const banner = async (s: Studio) => ((await s.widgets())[0].children[0].children.find((c) => c.name === "Banner")?.text ?? "");

	it("says what is wrong: permission denied, a dead server, 429 with Retry-After, the 500 requests/min limit, an expired session", async () => {
		const s = await openStudio();
		studio = s;

		// The user denied this plugin's HTTP requests to the server's domain.
		s.deny("127.0.0.1");
		await s.click(`${W}.Account.SignIn`);
		await s.untilText("Studio blocked this plugin's HTTP requests to 127.0.0.1");
		expect(await banner(s)).toMatch(/Allow them in Plugins > Manage Plugins > Classroom > HTTP Requests/);
		s.allow("127.0.0.1");

		// Nothing listens at the address.
		await s.type(`${W}.Server.Url`, "http://127.0.0.1:1");
		await s.click(`${W}.Account.SignIn`);
		await s.untilText("The Classroom server at http://127.0.0.1:1 is not answering.");

		// A server that is rate limiting says when to come back.
		const limited: Server = createServer((_req, res) => res.writeHead(429, { "retry-after": "7", "content-type": "application/json" }).end('{"error":{"code":"RATE_LIMIT_EXCEEDED","message":"slow down"}}'));
		await new Promise<void>((resolve) => limited.listen(0, "127.0.0.1", resolve));
		await s.type(`${W}.Server.Url`, `http://127.0.0.1:${(limited.address() as { port: number }).port}`);
		await s.click(`${W}.Account.SignIn`);
		await s.untilText("too many requests (429). Trying again in 7 s.");

		// Studio's own limit: other scripts spent the 500 requests of this minute; the plugin's next
		// request stalls (about 30 s) and fails, and the widget says why.
		const limitedUrl = `http://127.0.0.1:${(limited.address() as { port: number }).port}/`;
		for (let left = await s.httpBudget(); left > 0; left = await s.httpBudget()) {
			await s.eval(`
				local Http, done = game:GetService("HttpService"), 0
				for i = 1, ${Math.min(250, left)} do
					task.spawn(function() pcall(Http.RequestAsync, Http, { Url = "${limitedUrl}", Method = "GET" }) done += 1 end)
				end
				while done < ${Math.min(250, left)} do task.wait() end`);
		}
		limited.close();
		await s.type(`${W}.Server.Url`, url);
		await s.click(`${W}.Account.SignIn`);
		await s.advance(31);
		await s.untilText("Studio's limit of 500 HTTP requests a minute is reached.");

		await s.close();

		// A stored session the server no longer honours: sign in again, and the stale token is dropped.
		const stale = await openStudioWithToken("not-a-valid-refresh-token");
		await stale.untilText("Your session has expired. Sign in again.");
		expect(stale.settings.values.has("RefreshToken")).toBe(false);
		expect(await stale.text()).toContain("Sign in");
		await stale.close();
	});
});

async function openStudioWithToken(token: string): Promise<Studio> {
	const settings = new (await import("../harness/studio/studio")).PluginSettings();
	settings.values.set("ServerUrl", JSON.stringify(url));
	settings.values.set("RefreshToken", JSON.stringify(token));
	studio = await startStudio({ extraScripts: CONFIG, settings });
	await studio.clickButton("Classroom");
	return studio;
}
