import { ANCHOR_PLAYERS } from "../anchorSql.js";
import type { BenchApi } from "../api.js";
import type { BenchScenario } from "./index.js";

/**
 * Classroom traffic as a game server sends it, with its place key: batched progress reports
 * (BATCH per request, new timestamps every request so every report is really written) and quiz
 * answers scored on the server (PLAYERS x QUESTIONS open questions; once every pair is
 * answered, the rest exercise the idempotent retry path, as the anchor's ON CONFLICT does).
 */
const BATCH = 20;
const PLAYERS = ANCHOR_PLAYERS;
export const QUESTIONS = 50;

async function classroom(api: BenchApi, players: number) {
	const { token } = await api.teacher("Bench Classroom School");
	const key = (await api.call<{ key: string }>("POST", "/v2/roblox/place-keys", { bearer: token, body: { universeId: "1", placeId: "2" } })).key;
	const content = await api.call<{ contentId: string; content: { quiz: { questions: { id: string }[] } } }>("POST", "/v2/roblox/generate-content", {
		bearer: key,
		body: { subject: "Mathematics", gradeLevel: 6, learningObjectives: [], maxQuestions: QUESTIONS, seed: 1 },
	});
	const session = await api.call<{ sessionId: string }>("POST", "/v2/roblox/sessions", {
		bearer: key,
		body: { contentId: content.contentId, maxPlayers: players, settings: { questionTimeLimit: 600, timeLimit: 7200 } },
	});
	return { key, sessionId: session.sessionId, questionIds: content.content.quiz.questions.map((q) => q.id) };
}

export const classroomScenarios: BenchScenario[] = [
	{
		name: `classroom POST /v2/roblox/progress x${BATCH}`,
		anchor: "bare POST",
		async prepare(api) {
			const { key, sessionId } = await classroom(api, BATCH);
			for (let p = 0; p < BATCH; p++) await api.call("POST", `/v2/roblox/sessions/${sessionId}/join`, { bearer: key, body: { playerId: `player_${p}`, playerName: `P${p}` } });
			return {
				path: "/v2/roblox/progress",
				method: "POST",
				headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
				bodies: { generator: "progressBatch", args: { sessionId, batch: BATCH } },
			};
		},
		async report(_api, result) {
			return `${Math.round(result.rps * BATCH)} progress reports/s in batches of ${BATCH}`;
		},
	},
	{
		name: "classroom POST /v2/roblox/quiz/answer (place key)",
		anchor: "db answer",
		async prepare(api) {
			const { key, sessionId, questionIds } = await classroom(api, PLAYERS);
			for (let p = 0; p < PLAYERS; p++) await api.call("POST", `/v2/roblox/sessions/${sessionId}/join`, { bearer: key, body: { playerId: `player_${p}`, playerName: `P${p}` } });
			for (const id of questionIds) await api.call("POST", `/v2/roblox/sessions/${sessionId}/questions/${id}/open`, { bearer: key });
			return {
				path: "/v2/roblox/quiz/answer",
				method: "POST",
				headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
				bodies: { generator: "quizAnswer", args: { sessionId, questionIds, players: PLAYERS } },
			};
		},
	},
];
