import { Type } from "@sinclair/typebox";
import { PublicQuestionSchema } from "../../content/index.js";
import { PlayerId, SessionId } from "../schema.js";

export const AnswerBody = Type.Object(
	{
		playerId: PlayerId,
		sessionId: SessionId,
		questionId: Type.String({ minLength: 1, maxLength: 64 }),
		/** The option's text (as in the spec) or its index. */
		answer: Type.Union([Type.String({ minLength: 1, maxLength: 500 }), Type.Integer({ minimum: 0, maximum: 20 })]),
		/** The game server's clock; kept for the record, never used for scoring. */
		timestamp: Type.Optional(Type.String({ format: "date-time" })),
	},
	{ additionalProperties: false },
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
