/**
 * The whole classroom, headless: the compiled place (harness) against the real backend
 * (server/src on PGlite, listening on a random loopback port). A teacher launches a generated
 * fractions lesson, three students answer (always right, always wrong, slow), the place's scores
 * follow the rule, the API's results and analytics agree with the place, and no payload sent to
 * any client carries the answer key.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Place, SimPlayer, Universe, publish } from "../harness";
import { startTestApp, type TestApp } from "../../server/test/helpers/testApp";
import type { LessonContent } from "../../server/src/modules/content/types";
import { lastOf, lastQuestion, slotFor, startClassroom, storedProfile, type QuestionPayload } from "./helpers/classroomPlace";
import { findAnswerKeyLeaks } from "./helpers/leaks";
import { requireBuild } from "./support";

const EPOCH = 1_767_225_600;
const PLACE_ID = "1001";

let backend: TestApp;
let place: Place;
let port: number;
let universe: Universe;
let teacherToken: string;
let lesson: LessonContent;
let contentId: string;
const clock = { ms: EPOCH * 1000 };

/** The backend's clock follows the place's virtual clock (it refuses reported times ahead of it). */
async function sync(): Promise<void> {
	clock.ms = Math.round((EPOCH + (await place.now())) * 1000);
}

async function at(seconds: number): Promise<void> {
	await place.advance(seconds);
	await sync();
}

async function api<T>(url: string): Promise<T> {
	const res = await backend.request({ method: "GET", url, token: teacherToken });
	expect(res.statusCode, res.body).toBe(200);
	return res.json() as T;
}

beforeAll(async () => {
	requireBuild();
	backend = await startTestApp({}, { clock: () => clock.ms });
	await backend.app.listen({ port: 0, host: "127.0.0.1" });
	({ port } = backend.app.server.address() as AddressInfo);
	const school = await backend.createSchool();
	const teacher = await backend.createUser({ role: "teacher", schoolId: school.id });
	teacherToken = teacher.token;
	const key = await backend.request({ method: "POST", url: "/v2/roblox/place-keys", token: teacherToken, payload: { universeId: "111", placeId: PLACE_ID } });
	expect(key.statusCode, key.body).toBe(201);
	const generated = await backend.request({
		method: "POST",
		url: "/v2/roblox/generate-content",
		token: teacherToken,
		payload: { subject: "Mathematics", gradeLevel: 5, learningObjectives: ["Add fractions with unlike denominators"], maxQuestions: 3, seed: 5 },
	});
	expect(generated.statusCode, generated.body).toBe(200);
	({ contentId, content: lesson } = generated.json() as { contentId: string; content: LessonContent });

	universe = new Universe();
	universe.setSecret("classroom_place_key", key.json().key);
	// The generated lesson reaches the place as Rojo syncs it: ServerStorage.ClassroomContent.<contentId>.
	place = await startClassroom({
		universe,
		lessons: { [contentId]: lesson },
		config: { backendUrl: publish(`http://127.0.0.1:${port}`), backendPlaceId: PLACE_ID, teacherUserIds: [1] },
	});
	await sync();
});

afterAll(async () => {
	await place?.shutdown();
	await backend?.close();
});

describe("a classroom session end to end against the real backend", () => {
	let teacher: SimPlayer;
	let ana: SimPlayer;
	let ben: SimPlayer;
	let cy: SimPlayer;
	let sessionId: string;
	const placeScores = new Map<string, number>();

	it("launches the lesson on the backend and joins the students", async () => {
		teacher = await place.addPlayer("Teacher", { userId: 1 });
		ana = await place.addPlayer("Ana", { userId: 2 });
		ben = await place.addPlayer("Ben", { userId: 3 });
		cy = await place.addPlayer("Cy", { userId: 4 });
		await at(1);
		await teacher.fire("teacherCommand", { kind: "launch", contentId });
		await at(1);
		const view = lastOf<{ status: string; sessionId: string; joined: boolean }>(ana, "session")!;
		expect(view).toMatchObject({ status: "waiting", joined: true });
		sessionId = view.sessionId;
		expect(sessionId).toMatch(/^session_/);
		const state = await api<{ currentPlayers: number; contentId: string }>(`/v2/roblox/sessions/${sessionId}`);
		expect(state).toMatchObject({ currentPlayers: 3, contentId });
		expect(lastOf<{ students: number }>(teacher, "teacher")?.students).toBe(3);
	});

	it("scores right, wrong and slow students by the rule, and the backend agrees answer by answer", async () => {
		for (let q = 0; q < lesson.quiz.questions.length; q++) {
			await teacher.fire("teacherCommand", { kind: "next" });
			const views = [ana, ben, cy].map((p) => lastQuestion(p)!);
			views.forEach((v) => expect(v.index).toBe(q));
			await at(2);
			await ana.fire("submitAnswer", views[0].questionId, slotFor(lesson, views[0], true));
			await at(2);
			await ben.fire("submitAnswer", views[1].questionId, slotFor(lesson, views[1], false));
			await at(16);
			await cy.fire("submitAnswer", views[2].questionId, slotFor(lesson, views[2], true));
			await at(2);
			expect(lastOf<{ status: string }>(ana, "session")?.status).toBe("review");
		}
		// T = 30 s, 1000 points: Ana at 2 s earns 967 (+100, +200 streak), Cy at 20 s 667 (+100, +200), Ben 0.
		const results = (p: SimPlayer) => p.received("answerResult").map((a) => (a[0] as { earned: number }).earned);
		expect(results(ana)).toEqual([967, 1067, 1167]);
		expect(results(ben)).toEqual([0, 0, 0]);
		expect(results(cy)).toEqual([667, 767, 867]);
		for (const p of [ana, ben, cy]) placeScores.set(String(p.userId), lastOf<{ sessionScore: number }>(p, "hud")!.sessionScore);
		expect(Object.fromEntries(placeScores)).toEqual({ "2": 3201, "3": 0, "4": 2301 });
	});

	it("ends the session; the API's results and analytics match the place", async () => {
		await teacher.fire("teacherCommand", { kind: "end" });
		await at(20);
		const results = await api<{ playerResults: Array<{ playerId: string; totalScore: number; correctAnswers: number; answered: number }>; averageScore: number; completedAt: string | null }>(
			`/v2/roblox/quiz/${sessionId}/results`,
		);
		expect(Object.fromEntries(results.playerResults.map((r) => [r.playerId, r.totalScore]))).toEqual(Object.fromEntries(placeScores));
		expect(results.playerResults.map((r) => [r.playerId, r.correctAnswers, r.answered]).sort()).toEqual([["2", 3, 3], ["3", 0, 3], ["4", 3, 3]]);
		expect(results.completedAt).not.toBeNull();
		const analytics = await api<{ totalPlayers: number; averageProgress: number; quizResults: { averageScore: number; completionRate: number; totalQuestions: number } }>(
			`/v2/roblox/analytics/sessions/${sessionId}`,
		);
		expect(analytics.totalPlayers).toBe(3);
		expect(analytics.quizResults).toMatchObject({ totalQuestions: 3, completionRate: 100, averageScore: results.averageScore });
		expect(results.averageScore).toBeCloseTo((3201 + 0 + 2301) / 3, 2);
		// Progress reports arrived (100% for everyone who answered all three).
		expect(analytics.averageProgress).toBe(100);
	});

	it("saves the scores in the players' profiles with nothing left unreported", async () => {
		await at(40);
		expect(storedProfile(place, 2)?.data.totalScore).toBe(3201);
		expect(storedProfile(place, 4)?.data.totalScore).toBe(2301);
		for (const id of [2, 3, 4]) expect(storedProfile(place, id)?.data.outbox ?? []).toHaveLength(0);
	});

	it("never sent the answer key to any client, and never put quiz data where clients can read it", async () => {
		for (const player of [teacher, ana, ben, cy]) {
			expect(player.inbox.length).toBeGreaterThan(0);
			expect(findAnswerKeyLeaks(player.inbox, lesson)).toEqual([]);
		}
		// Each student saw every question, options in their own order (a permutation of the lesson's).
		for (const player of [ana, ben, cy]) {
			const seen = player.received("question").map((a) => a[0] as QuestionPayload);
			expect(seen).toHaveLength(3);
			seen.forEach((v, i) => expect([...v.options].sort()).toEqual([...lesson.quiz.questions[i].options].sort()));
		}
		const replicated = JSON.stringify(await place.instance("ReplicatedStorage", 50));
		expect(replicated).not.toContain("ClassroomContent");
		expect(replicated).not.toContain(contentId);
	});

	it("picks up a lesson applied through the API by polling the backend (ETag), answer key kept on the server", async () => {
		const second = await startClassroom({
			universe,
			config: { backendUrl: publish(`http://127.0.0.1:${port}`), backendPlaceId: PLACE_ID, teacherUserIds: [1], contentPollInterval: 5 },
		});
		const teacher2 = await second.addPlayer("Teacher", { userId: 1 });
		await second.advance(1);
		expect(lastOf<{ lessons: string[] }>(teacher2, "teacher")?.lessons ?? []).not.toContain(contentId);
		const applied = await backend.request({ method: "POST", url: "/v2/roblox/apply-content", token: teacherToken, payload: { contentId, placeId: PLACE_ID } });
		expect(applied.statusCode, applied.body).toBe(200);
		const budgetBefore = await second.httpBudget();
		await second.advance(6);
		await teacher2.fire("requestState");
		expect(lastOf<{ lessons: string[] }>(teacher2, "teacher")?.lessons).toContain(contentId);
		// One poll that changed (200) and one fetch of the full lesson; later polls are cheap 304s.
		expect(budgetBefore - (await second.httpBudget())).toBeLessThanOrEqual(2);
		const lessonInPlace = await second.eval<number>(`
			local core = game:GetService("ReplicatedStorage").rbxts_include.node_modules["@flamework"].core.out
			local content = require(core).Flamework.resolveDependency("server/classroom/ContentService@ContentService")
			return content:get(${JSON.stringify(contentId)}).content.quiz.questions[1].correct
		`);
		expect(lessonInPlace).toBe(lesson.quiz.questions[0].correct);
		expect(findAnswerKeyLeaks(teacher2.inbox, lesson)).toEqual([]);
		await second.shutdown();
	});
});
