/**
 * The teacher's whole day in Debian's Chromium, against the real backend (embedded PGlite) and a
 * headless place from tests/harness playing three students against the same backend: sign in,
 * walk the conversation to a generated lesson, edit one question (the maths check warns while the
 * marked answer is wrong), publish it to a place (place key shown once, the live place picks it
 * up), watch answers arrive live, end the session and read results whose numbers equal the API's,
 * then export them as CSV. Every screen is screenshotted and checked (visual, axe, keyboard).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Universe, publish, type Place, type SimPlayer } from "../../tests/harness";
import { lastOf, lastQuestion, slotFor, startClassroom } from "../../tests/place/helpers/classroomPlace";
import { requireBuild } from "../../tests/place/support";
import type { LessonContent } from "../../server/src/modules/content/types";
import { startBackend, type Backend } from "./support/backend";
import { checkScreen, openBrowser, type Driver } from "./support/browser";
import { chromiumPath } from "./support/chromium";
import { signIn } from "./support/flows";

const EPOCH = 1_767_225_600;
const PLACE_ID = "1001";
const PRIMARY = "#3b5bdb";
const clock = { ms: EPOCH * 1000 };
const projects = mkdtempSync(join(tmpdir(), "web-e2e-"));

let backend: Backend;
let driver: Driver;
let place: Place | undefined;
let teacherToken: string;
let contentId: string;
let placeKey: string;
let sessionId: string;

async function api<T>(url: string): Promise<T> {
	const res = await backend.app.request({ method: "GET", url, token: teacherToken });
	expect(res.statusCode, res.body).toBe(200);
	return res.json() as T;
}

/** The place's virtual time drives the backend's clock (it refuses reported times ahead of its own). */
async function at(seconds: number): Promise<void> {
	await place!.advance(seconds);
	clock.ms = Math.round((EPOCH + (await place!.now())) * 1000);
}

// Generous timeouts: the place, the backend and Chromium share two cores with the rest of the suite.
describe.skipIf(!chromiumPath())("teacher app: a lesson from conversation to results, with a live place", { timeout: 240_000 }, () => {
	beforeAll(async () => {
		requireBuild();
		backend = await startBackend({ clock: () => clock.ms, env: { DATA_DIR: projects, ROJO_PROJECTS_DIR: join(projects, "projects") } });
		teacherToken = (await backend.app.createUser({ role: "teacher", schoolId: backend.teacher.schoolId })).token;
		driver = await openBrowser(backend.url);
		await signIn(driver.page, backend);
	}, 180_000);

	afterAll(async () => {
		await place?.shutdown();
		await driver?.close();
		await backend?.close();
		rmSync(projects, { recursive: true, force: true });
	});

	it("walks the 8-stage conversation as a chat and generates the lesson with live progress", async () => {
		const { page } = driver;
		await page.getByRole("link", { name: "Build a lesson" }).first().click();
		await page.getByLabel("What would you like to teach?").fill("I want to create a math learning environment");
		await page.getByRole("button", { name: "Start the conversation" }).click();
		await page.getByLabel("Your reply").waitFor();
		const replies = [
			"Hi! It's for my 5th grade class.",
			"I want students to practice adding fractions",
			"Let's use a space theme",
			"A classroom with quiz boards",
			"Medium difficulty with 3 questions",
		];
		for (const [i, reply] of replies.entries()) {
			await page.getByLabel("Your reply").fill(reply);
			await page.getByRole("button", { name: "Send" }).click();
			await expect.poll(() => page.locator("[data-role=user]").count()).toBe(i + 2);
		}
		await expect.poll(() => page.getByTestId("facts").textContent()).toMatch(/mathematics/i);
		expect(await page.getByTestId("facts").textContent()).toContain("5");
		await checkScreen(page, "build-lesson", {
			colours: [{ hex: "#edf2ff", minShare: 0.005, what: "the teacher's chat bubbles" }],
			busyRegions: [{ x: 0.2, y: 0.1, w: 0.5, h: 0.5, what: "the chat" }, { x: 0.7, y: 0.15, w: 0.28, h: 0.3, what: "the facts panel" }],
		});
		await page.getByLabel("Your reply").fill("yes, looks good");
		await page.getByRole("button", { name: "Send" }).click();
		await expect.poll(() => page.getByTestId("stage").textContent()).toBe("Step 8 of 8: Generation");
		await page.getByRole("button", { name: "Generate the lesson" }).click();
		await expect.poll(() => page.getByTestId("generation-status").textContent(), { timeout: 30_000 }).toContain("Done");
		await checkScreen(page, "generation", { colours: [{ hex: PRIMARY, minShare: 0.002, what: "the progress bar and button" }] });
		await page.getByRole("link", { name: "Review the questions" }).click();
		await page.getByRole("heading", { name: "Review before class" }).waitFor();
		contentId = page.url().split("/lessons/")[1].split("/")[0];
		expect(contentId).toMatch(/^content_/);
	});

	it("edits one question: the maths check warns while the marked answer is wrong, and the API has the edit", async () => {
		const { page } = driver;
		const before = await api<{ content: LessonContent }>(`/v2/roblox/content/${contentId}`);
		const q1 = before.content.quiz.questions[0];
		const first = page.getByTestId("question-0");
		const wrong = (q1.correct + 1) % q1.options.length;
		await first.getByLabel(`Option ${wrong + 1} is correct`).check();
		await first.getByLabel("Explanation").fill("Find a common denominator first, then add the numerators.");
		await page.getByRole("button", { name: "Save changes" }).click();
		await page.getByTestId("warning-0").waitFor();
		expect(await page.getByTestId("warning-0").textContent()).toContain(`option ${q1.correct} is right`);
		await checkScreen(page, "review", {
			colours: [{ hex: "#fff4e6", minShare: 0.002, what: "the orange warning" }],
			busyRegions: [{ x: 0.2, y: 0.2, w: 0.75, h: 0.6, what: "the question editor" }],
		});
		// Put the right answer back: the warning goes, and the edited explanation stays.
		await first.getByLabel(`Option ${q1.correct + 1} is correct`).check();
		await page.getByRole("button", { name: "Save changes" }).click();
		await expect.poll(() => page.getByTestId("warning-0").count()).toBe(0);
		const after = await api<{ content: LessonContent }>(`/v2/roblox/content/${contentId}`);
		expect(after.content.quiz.questions[0]).toMatchObject({ correct: q1.correct, explanation: "Find a common denominator first, then add the numerators." });
		expect(after.content.quiz.questions.slice(1)).toEqual(before.content.quiz.questions.slice(1));
	});

	it("publishes to a place: the key is shown once, the lesson is applied and the live place picks it up", async () => {
		const { page } = driver;
		await page.getByRole("link", { name: "Publish to a place" }).click();
		await page.getByLabel("Universe id").fill("111");
		await page.getByLabel("Place id").fill(PLACE_ID);
		await page.getByLabel("Name (optional)").fill("Maths world");
		await page.getByRole("button", { name: "Mint a place key" }).click();
		placeKey = (await page.getByTestId("place-key").textContent())!;
		expect(placeKey).toMatch(/^place_/);
		await page.getByRole("button", { name: "Copy key" }).click();
		expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(placeKey);
		await checkScreen(page, "publish", { busyRegions: [{ x: 0.2, y: 0.3, w: 0.75, h: 0.5, what: "the key and instructions" }] });
		await page.getByRole("button", { name: "Apply the lesson" }).click();
		await page.getByText("Waiting for the place").waitFor();

		const universe = new Universe();
		universe.setSecret("classroom_place_key", placeKey);
		place = await startClassroom({ universe, config: { backendUrl: publish(backend.url), backendPlaceId: PLACE_ID, teacherUserIds: [1], contentPollInterval: 5 } });
		clock.ms = Math.round((EPOCH + (await place.now())) * 1000);
		await at(6);
		await page.getByText(/Picked up/).waitFor({ timeout: 15_000 });
		expect((await api<{ places: Array<{ applied: { live: boolean } }> }>("/v2/roblox/places")).places[0].applied.live).toBe(true);
		await checkScreen(page, "places", { colours: [{ hex: "#1b6e2e", minShare: 0.0005, what: "the green picked-up badge" }] });
	});

	it("watches three students' answers arrive live, then ends the session", async () => {
		const { page } = driver;
		const lesson = (await api<{ content: LessonContent }>(`/v2/roblox/content/${contentId}`)).content;
		const teacher = await place!.addPlayer("Teacher", { userId: 1 });
		const students: SimPlayer[] = [];
		for (const [name, userId] of [["Ana", 2], ["Ben", 3], ["Cy", 4]] as const) students.push(await place!.addPlayer(name, { userId }));
		await at(1);
		await teacher.fire("teacherCommand", { kind: "launch", contentId });
		await at(2);
		sessionId = lastOf<{ sessionId: string }>(students[0], "session")!.sessionId;
		expect(sessionId).toMatch(/^session_/);

		await page.getByRole("link", { name: "Sessions" }).click();
		await page.getByTestId(`session-${sessionId}`).waitFor();
		await page.getByTestId(`session-${sessionId}`).getByRole("link", { name: /Live view/ }).click();
		await expect.poll(() => page.getByTestId("players-joined").textContent(), { timeout: 15_000 }).toBe("3");

		const [ana, ben, cy] = students;
		for (let q = 0; q < lesson.quiz.questions.length; q++) {
			await teacher.fire("teacherCommand", { kind: "next" });
			await at(1);
			const views = students.map((s) => lastQuestion(s)!);
			await expect.poll(() => page.getByTestId("current-question").textContent(), { timeout: 15_000 }).toBe(lesson.quiz.questions[q].text);
			await ana.fire("submitAnswer", views[0].questionId, slotFor(lesson, views[0], true));
			await at(2);
			await expect.poll(() => page.getByTestId("answer-count").textContent(), { timeout: 15_000 }).toBe("1 of 3 answered");
			if (q === 0) {
				expect(await page.getByTestId("not-answered").textContent()).toBe("BenCy");
				await checkScreen(page, "live-session", {
					colours: [{ hex: "#2b8a3e", minShare: 0.0005, what: "the correct option's bar" }],
					busyRegions: [{ x: 0.2, y: 0.15, w: 0.5, h: 0.5, what: "the answers chart" }],
				});
			}
			await ben.fire("submitAnswer", views[1].questionId, slotFor(lesson, views[1], false));
			await cy.fire("submitAnswer", views[2].questionId, slotFor(lesson, views[2], true));
			await at(3);
			await expect.poll(() => page.getByTestId("answer-count").textContent(), { timeout: 15_000 }).toBe("3 of 3 answered");
			await at(20);
		}
		// Counts per option on the page equal the API's live view of the last question.
		const live = await api<{ questions: Array<{ options: string[]; optionCounts: number[] }> }>(`/v2/roblox/sessions/${sessionId}/live`);
		const last = live.questions[live.questions.length - 1];
		const rows = await page.getByTestId("option-counts").locator("tbody tr td:last-child").allTextContents();
		expect(rows.map(Number)).toEqual(last.optionCounts);

		await page.getByRole("button", { name: "End session" }).click();
		await expect.poll(() => page.getByTestId("session-status").textContent()).toBe("ended");
		expect((await api<{ status: string }>(`/v2/roblox/sessions/${sessionId}`)).status).toBe("ended");
	});

	it("reads results whose numbers equal the API's, with item analysis charts and a CSV export", async () => {
		const { page } = driver;
		await page.getByRole("link", { name: "Results" }).click();
		await page.getByTestId("leaderboard").waitFor();
		const results = await api<{ playerResults: Array<{ playerName: string; totalScore: number; correctAnswers: number; answered: number; timeSpent: number }>; averageScore: number }>(`/v2/roblox/quiz/${sessionId}/results`);
		const table = await page.getByTestId("leaderboard").locator("tbody tr").evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent)));
		expect(table).toEqual(results.playerResults.map((p, i) => [String(i + 1), p.playerName, String(p.totalScore), String(p.correctAnswers), String(p.answered), String(p.timeSpent)]));
		expect(results.playerResults.map((p) => p.playerName)).toEqual(["Ana", "Cy", "Ben"]);
		expect(await page.getByTestId("average-score").textContent()).toBe(String(results.averageScore));
		const analytics = await api<{ itemAnalysis: Array<{ responses: number; difficulty: number | null; discrimination: number | null }> }>(`/v2/roblox/analytics/sessions/${sessionId}`);
		const items = await page.getByTestId("item-analysis").locator("tbody tr").evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td")).slice(1, 4).map((td) => td.textContent)));
		expect(items).toEqual(analytics.itemAnalysis.map((i) => [String(i.responses), String(i.difficulty ?? "—"), String(i.discrimination ?? "—")]));
		expect(await page.locator("figure .recharts-bar-rectangle").count()).toBeGreaterThan(0);
		await checkScreen(page, "results", {
			colours: [{ hex: PRIMARY, minShare: 0.003, what: "the difficulty bars" }, { hex: "#e8590c", minShare: 0.001, what: "the discrimination / option bars" }],
			busyRegions: [{ x: 0.2, y: 0.1, w: 0.75, h: 0.4, what: "the leaderboard" }],
		});

		const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
		const csv = readFileSync((await download.path())!, "utf8");
		const apiCsv = await backend.app.request({ method: "GET", url: `/v2/roblox/quiz/${sessionId}/results.csv`, token: teacherToken });
		expect(csv).toBe(apiCsv.body);
		expect(csv.split("\r\n")[1]).toContain("Ana");
		expect(driver.consoleErrors).toEqual([]);
	});
});
