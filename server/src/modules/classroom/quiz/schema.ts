import { Type } from "@sinclair/typebox";
import { PublicQuestionSchema } from "../../content/index.js";
import { ReportedTime } from "../reportedTime.js";
import { PlayerId, SessionId } from "../schema.js";

export const MAX_ANSWERS_PER_REQUEST = 100;

export const AnswerItem = Type.Object(
	{
		playerId: PlayerId,
		sessionId: SessionId,
		questionId: Type.String({ minLength: 1, maxLength: 64 }),
		/** The option's text (as in the spec) or its index. */
		answer: Type.Union([Type.String({ minLength: 1, maxLength: 500 }), Type.Integer({ minimum: 0, maximum: 20 })]),
		/** The game server's clock; kept for the record, never used for scoring. */
		timestamp: Type.Optional(Type.String({ format: "date-time" })),
		answeredAt: Type.Optional({
			...ReportedTime,
			description:
				"Place keys only: when the player answered, on the game server's clock (ISO date-time or Unix ms). Scored with t = answeredAt - openedAt (the open call's `openedAt`, else the server's open time), clamped to [0, T], instead of the arrival time, so batched reports keep their points. Refused (400, field answeredAt) more than 5 s in the future or earlier than openedAt; after openedAt + T it is 409 QUESTION_CLOSED. Ignored for teachers' tokens.",
		}),
	},
	{ additionalProperties: false },
);

export const AnswerBody = Type.Union(
	[
		AnswerItem,
		Type.Array(AnswerItem, {
			minItems: 1,
			maxItems: MAX_ANSWERS_PER_REQUEST,
			description:
				"Array form (up to 100): each answer is scored in its own transaction, in order, and gets its own entry in `results` (not all-or-nothing: a refused or duplicate answer does not fail the others). A malformed item rejects the whole request (400) before anything is scored.",
		}),
	],
	{ description: "One answer (the spec's body) or an array of answers (game servers batching their reports)." },
);

export const AnswerResponse = Type.Object({
	correct: Type.Boolean(),
	points: Type.Integer(),
	explanation: Type.String(),
	nextQuestion: Type.Union([PublicQuestionSchema, Type.Null()]),
	streak: Type.Integer(),
	streakBonus: Type.Integer(),
	responseTime: Type.Number(),
	/** true when this is a retry of an answer already recorded (nothing new was scored). */
	alreadyAnswered: Type.Boolean(),
});

export const BatchAnswerResponse = Type.Object({
	/** One entry per answer, in the request's order. */
	results: Type.Array(
		Type.Object({
			index: Type.Integer(),
			/** The HTTP status this answer would have had on its own (200, 400, 404, 409). */
			status: Type.Integer(),
			result: Type.Optional(AnswerResponse),
			error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) })),
		}),
	),
});

export const ResultsResponse = Type.Object({
	sessionId: Type.String(),
	totalQuestions: Type.Integer(),
	playerResults: Type.Array(
		Type.Object({
			playerId: Type.String(),
			playerName: Type.String(),
			correctAnswers: Type.Integer(),
			answered: Type.Integer(),
			totalScore: Type.Integer(),
			timeSpent: Type.Integer(),
		}),
	),
	averageScore: Type.Number(),
	completedAt: Type.Union([Type.String(), Type.Null()]),
});
