/**
 * Answers that reach the backend late keep the place's score: the place sends `openedAt` and
 * `answeredAt` on its own clock (the backend's rule for place keys), so a backend that refused
 * answers for longer than the question's time limit still scores them as given. And a Roblox
 * user linked to a teacher account of the key's school may launch a session without being on
 * the allow-list (GET /v2/roblox/teachers/{id}).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Place, SimPlayer } from "../harness";
import { Universe, publish } from "../harness";
import { startTestApp, type TestApp } from "../../server/test/helpers/testApp";
import { users } from "../../server/src/db/tables";
import type { LessonContent } from "../../server/src/modules/content/types";
import { lastOf, lastQuestion, slotFor, startClassroom } from "./helpers/classroomPlace";
import { requireBuild } from "./support";

const EPOCH = 1_767_225_600;
const clock = { ms: EPOCH * 1000 };
let backend: TestApp;
let proxy: Server;
let place: Place;
let teacherToken: string;
let lesson: LessonContent;
let contentId: string;
/** While true the stand-in in front of the backend answers 503 to quiz answers (an outage). */
let answersDown = false;
const answerCalls: unknown[] = [];

async function at(seconds: number): Promise<void> {
	await place.advance(seconds);
	clock.ms = Math.round((EPOCH + (await place.now())) * 1000);
}

beforeAll(async () => {
	requireBuild();
	backend = await startTestApp({}, { clock: () => clock.ms });
	const school = await backend.createSchool();
	const teacher = await backend.createUser({ role: "teacher", schoolId: school.id });
	teacherToken = teacher.token;
	// The linked teacher (Roblox user 7) is not on the place's allow-list.
	await backend.app.core.database.db.update(users).set({ robloxUserId: "7" }).where(eq(users.id, teacher.id));
	const key = await backend.request({ method: "POST", url: "/v2/roblox/place-keys", token: teacherToken, payload: { universeId: "111", placeId: "1001" } });
	expect(key.statusCode, key.body).toBe(201);
	const generated = await backend.request({
		method: "POST",
		url: "/v2/roblox/generate-content",
		token: teacherToken,
		payload: { subject: "Mathematics", gradeLevel: 5, learningObjectives: ["Add fractions with unlike denominators"], maxQuestions: 2, seed: 5 },
	});
	expect(generated.statusCode, generated.body).toBe(200);
	({ contentId, content: lesson } = generated.json() as { contentId: string; content: LessonContent });

	proxy = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on("data", (c: Buffer) => chunks.push(c));
		req.on("end", async () => {
			const body = Buffer.concat(chunks).toString();
			if (req.url === "/v2/roblox/quiz/answer") {
				answerCalls.push(JSON.parse(body));
				if (answersDown) return res.writeHead(503, { "content-type": "application/json" }).end('{"error":{"code":"SERVICE_UNAVAILABLE"}}');
			}
			const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k === "authorization" || k === "content-type" || k === "if-none-match")) as Record<string, string>;
			const reply = await backend.app.inject({ method: req.method as "GET", url: req.url!, headers, payload: body || undefined });
			res.writeHead(reply.statusCode, { "content-type": String(reply.headers["content-type"] ?? "application/json") }).end(reply.body);
		});
	});
	await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
	const universe = new Universe();
	universe.setSecret("classroom_place_key", key.json().key);
	place = await startClassroom({
		universe,
		lessons: { [contentId]: lesson },
		config: { backendUrl: publish(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`), backendPlaceId: "1001", teacherUserIds: [] },
	});
	await at(0);
});

afterAll(async () => {
	await place?.shutdown();
	await new Promise((resolve) => proxy?.close(resolve));
	await backend?.close();
});

describe("late answer reports", () => {
	let teacher: SimPlayer;
	let ana: SimPlayer;
	let sessionId: string;

	it("lets a linked teacher of the key's school launch without the allow-list", async () => {
		teacher = await place.addPlayer("Teacher", { userId: 7 });
		ana = await place.addPlayer("Ana", { userId: 2 });
		await at(2);
		await teacher.fire("teacherCommand", { kind: "launch", contentId });
		await at(1);
		const view = lastOf<{ status: string; sessionId: string; joined: boolean }>(ana, "session")!;
		expect(view).toMatchObject({ status: "waiting", joined: true });
		sessionId = view.sessionId;
		expect(lastOf<{ students: number }>(teacher, "teacher")?.students).toBe(1);
	});

	it("scores answers the backend only received after the time limit as the place did", async () => {
		answersDown = true;
		for (let q = 0; q < lesson.quiz.questions.length; q++) {
			await teacher.fire("teacherCommand", { kind: "next" });
			await at(3);
			const view = lastQuestion(ana)!;
			await ana.fire("submitAnswer", view.questionId, slotFor(lesson, view, true));
			await at(40); // well past T = 30 s while the backend refuses answers
		}
		expect(answerCalls.length).toBeGreaterThan(0);
		answersDown = false;
		await at(60);
		const earned = ana.received("answerResult").map((a) => (a[0] as { earned: number }).earned);
		// T = 30 s, 1000 points, answered at 3 s: round(0.95 * 1000) = 950; the 2nd adds +100.
		expect(earned).toEqual([950, 1050]);
		const res = await backend.request({ method: "GET", url: `/v2/roblox/quiz/${sessionId}/results`, token: teacherToken });
		expect(res.json().playerResults).toEqual([expect.objectContaining({ playerId: "2", totalScore: 2000, answered: 2, timeSpent: 6 })]);
		const sent = JSON.stringify(answerCalls);
		expect(sent).toContain('"answeredAt"');
	});
});
