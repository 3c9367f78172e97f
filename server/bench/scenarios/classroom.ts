import { schools, users } from "../../src/db/tables.js";
import type { BenchScenario, BenchTarget } from "./index.js";

/**
 * Classroom traffic as a game server sends it: batched progress reports (20 per request, each
 * request new timestamps so every report is really written) and quiz answers scored on the
 * server (100 players x 50 open questions; once every pair is answered, the rest exercise the
 * idempotent retry path).
 */
const BATCH = 20;
const PLAYERS = 100;
const QUESTIONS = 50;

async function classroom(target: BenchTarget) {
	const db = target.services.database.db;
	const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
	const [school] = await db.insert(schools).values({ name: "Bench Classroom School" }).returning();
	const [teacher] = await db
		.insert(users)
		.values({ email: `cb-${stamp}@example.test`, username: `cb-${stamp}`, displayName: "Bench", role: "teacher", schoolId: school.id })
		.returning();
	const token = (await target.services.tokens.issue({ id: teacher.id, role: "teacher", schoolId: school.id, tier: "standard" })).access_token;
	const call = async (method: "GET" | "POST", url: string, bearer: string, payload?: object) => {
		const res = await target.app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, payload });
		if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
		return res.json();
	};
	const key = (await call("POST", "/v2/roblox/place-keys", token, { universeId: "1", placeId: "2" })).key as string;
	const content = await call("POST", "/v2/roblox/generate-content", key, { subject: "Mathematics", gradeLevel: 6, learningObjectives: [], maxQuestions: QUESTIONS, seed: 1 });
	const session = await call("POST", "/v2/roblox/sessions", key, { contentId: content.contentId, maxPlayers: PLAYERS, settings: { questionTimeLimit: 600, timeLimit: 7200 } });
	return { key, call, sessionId: session.sessionId as string, questions: content.content.quiz.questions as { id: string; options: string[] }[] };
}

export const classroomScenarios: BenchScenario[] = [
	{
		name: `classroom POST /progress x${BATCH}`,
		async prepare(target) {
			const { key, sessionId } = await classroom(target);
			let n = 0;
			const body = () =>
				JSON.stringify(
					Array.from({ length: BATCH }, (_, i) => ({
						playerId: `player_${i}`,
						sessionId,
						lessonId: "bench_lesson",
						progress: (n + i) % 101,
						score: n,
						timestamp: new Date(Date.UTC(2026, 0, 1) + ++n).toISOString(),
					})),
				);
			return {
				path: "/v2/roblox/progress",
				method: "POST",
				headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
				body: body(),
				setupRequest: (request) => ({ ...request, body: body() }),
			};
		},
		async report(_target, result) {
			return `${Math.round(result.rps * BATCH)} progress reports/s in batches of ${BATCH}`;
		},
	},
	{
		name: "classroom POST /quiz/answer",
		async prepare(target) {
			const { key, call, sessionId, questions } = await classroom(target);
			for (let p = 0; p < PLAYERS; p++) await call("POST", `/v2/roblox/sessions/${sessionId}/join`, key, { playerId: `player_${p}`, playerName: `P${p}` });
			for (const q of questions) await call("POST", `/v2/roblox/sessions/${sessionId}/questions/${q.id}/open`, key);
			let n = 0;
			const body = () => {
				const i = n++;
				return JSON.stringify({ playerId: `player_${i % PLAYERS}`, sessionId, questionId: questions[Math.floor(i / PLAYERS) % QUESTIONS].id, answer: i % 4 });
			};
			return {
				path: "/v2/roblox/quiz/answer",
				method: "POST",
				headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
				body: body(),
				setupRequest: (request) => ({ ...request, body: body() }),
			};
		},
	},
];
