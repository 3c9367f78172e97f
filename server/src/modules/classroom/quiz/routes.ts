import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { type Static, Type } from "@sinclair/typebox";
import { robloxErrorStyle } from "../../../http/errorStyles.js";
import { AppError } from "../../../http/errors.js";
import { callerOf, classroomRateLimit, requireCaller } from "../caller.js";
import { SessionParams, security } from "../schema.js";
import { announceAnswers } from "../events.js";
import { sessionResults } from "./results.js";
import { AnswerBody, AnswerResponse, BatchAnswerResponse, ResultsResponse } from "./schema.js";
import { recordAnswer, type AnswerContext } from "./service.js";
import { SessionContents } from "./sessionContents.js";

/**
 * Quiz answers are scored here, never in the game: the answer key stays on the backend. One
 * answer per player per question: a retry with the same answer returns the recorded result
 * (`alreadyAnswered: true`), a different second answer is 409 ALREADY_ANSWERED. Answers to a
 * question not yet opened are 409 QUESTION_NOT_OPEN; after its time limit, 409 QUESTION_CLOSED.
 * Game servers batch: an array of answers gets per-answer results (see service.ts for timing).
 */
export const quizRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const db = () => app.core.database.db;
	const limits = classroomRateLimit(app.core.config);
	const anyCaller = requireCaller(db);
	const contents = new SessionContents();
	const scoring = (): AnswerContext => ({ db: db(), contents, queuedTransactions: app.core.database.kind === "pglite" });

	app.post(
		"/quiz/answer",
		{
			preHandler: anyCaller,
			config: limits,
			schema: {
				tags: ["classroom"],
				summary: "Submit a quiz answer, or an array of up to 100 (scored on the server)",
				description:
					"One answer -> its result. An array -> `{ results: [...] }`, one entry per answer in order, each scored in its own transaction (a duplicate or refused answer does not fail the others). Place keys may send `answeredAt` (and `openedAt` on the open call) to be timed on the game server's clock.",
				security,
				body: AnswerBody,
				response: { 200: Type.Union([AnswerResponse, BatchAnswerResponse]) },
			},
		},
		async (request) => {
			const caller = callerOf(request);
			const body = request.body;
			if (!Array.isArray(body)) {
				const result = await recordAnswer(scoring(), caller, body, app.core.clock());
				await announceAnswers(app.core.hub, caller.schoolId, [body.sessionId]);
				return result;
			}
			const results: Static<typeof BatchAnswerResponse>["results"] = [];
			for (const [index, item] of body.entries()) {
				try {
					results.push({ index, status: 200, result: await recordAnswer(scoring(), caller, item, app.core.clock()) });
				} catch (error) {
					// Anything but a refusal of this one answer (a database failure) fails the request:
					// the answers already scored stay, and a retry gets them back as alreadyAnswered.
					if (!(error instanceof AppError)) throw error;
					const { code, message, details } = (robloxErrorStyle(error, request) as { error: { code: string; message: string; details?: unknown } }).error;
					results.push({ index, status: error.statusCode, error: { code, message, details } });
				}
			}
			await announceAnswers(app.core.hub, caller.schoolId, body.filter((_, i) => results[i]?.status === 200).map((a) => a.sessionId));
			return { results };
		},
	);

	app.get(
		"/quiz/:session_id/results",
		{ preHandler: anyCaller, config: limits, schema: { tags: ["classroom"], summary: "Quiz results of a session", security, params: SessionParams, response: { 200: ResultsResponse } } },
		async (request) => sessionResults(db(), callerOf(request), request.params.session_id),
	);
};
