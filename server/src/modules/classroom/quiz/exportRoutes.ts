import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { callerOf, classroomRateLimit, requireCaller } from "../caller.js";
import { SessionParams, security } from "../schema.js";
import { sessionResults } from "./results.js";

/**
 * GET /v2/roblox/quiz/{session_id}/results.csv: the leaderboard of GET /quiz/{id}/results as CSV
 * (RFC 4180, header row, one row per player, same order and numbers), for spreadsheets.
 * Teachers' tokens only. Cells that a spreadsheet would run as a formula are prefixed with `'`.
 */
export const quizExportRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const db = () => app.core.database.db;
	const teacherOnly = requireCaller(db, { places: false });
	app.get(
		"/quiz/:session_id/results.csv",
		{
			preHandler: teacherOnly,
			config: classroomRateLimit(app.core.config),
			schema: {
				tags: ["classroom"],
				summary: "Quiz results of a session as CSV",
				security,
				params: SessionParams,
				produces: ["text/csv"],
				response: { 200: Type.String({ description: "rank,playerId,playerName,correctAnswers,answered,totalQuestions,totalScore,timeSpentSeconds" }) },
			},
		},
		async (request, reply) => {
			const results = await sessionResults(db(), callerOf(request), request.params.session_id);
			const rows = [["rank", "playerId", "playerName", "correctAnswers", "answered", "totalQuestions", "totalScore", "timeSpentSeconds"]];
			results.playerResults.forEach((p, i) => rows.push([String(i + 1), p.playerId, p.playerName, String(p.correctAnswers), String(p.answered), String(results.totalQuestions), String(p.totalScore), String(p.timeSpent)]));
			reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="results-${results.sessionId}.csv"`);
			return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
		},
	);
};

function csvCell(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
