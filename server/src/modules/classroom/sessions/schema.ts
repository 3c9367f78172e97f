import { Type } from "@sinclair/typebox";
import { DIFFICULTIES, PublicQuestionSchema } from "../../content/index.js";
import { ReportedTime } from "../reportedTime.js";
import { PlayerId } from "../schema.js";

export const CreateSessionBody = Type.Object(
	{
		contentId: Type.String({ minLength: 1, maxLength: 64 }),
		maxPlayers: Type.Integer({ minimum: 1, maximum: 200, default: 30 }),
		settings: Type.Object(
			{
				allowHints: Type.Boolean({ default: true }),
				timeLimit: Type.Integer({ minimum: 60, maximum: 86_400, default: 3600 }),
				difficulty: Type.Optional(
					Type.Union(
						DIFFICULTIES.map((d) => Type.Literal(d)),
						{
							description:
								"Omitted: the lesson's own difficulty. Given and different from it: the session runs on a variant of the lesson generated at this difficulty (same request and seed), stored as new content; the response's `contentId` names it.",
						},
					),
				),
				questionTimeLimit: Type.Integer({ minimum: 5, maximum: 600, default: 30 }),
			},
			{ additionalProperties: false, default: {} },
		),
	},
	{ additionalProperties: false },
);

export const SessionSettingsSchema = Type.Object({
	allowHints: Type.Boolean(),
	timeLimit: Type.Integer(),
	difficulty: Type.String(),
	questionTimeLimit: Type.Integer(),
});

export const OpenQuestion = Type.Object({
	questionId: Type.String(),
	openedAt: Type.String(),
	closesAt: Type.String(),
	timeLimit: Type.Integer(),
	question: PublicQuestionSchema,
});

export const SessionResponse = Type.Object({
	sessionId: Type.String(),
	status: Type.String(),
	maxPlayers: Type.Integer(),
	currentPlayers: Type.Integer(),
	createdAt: Type.String(),
	expiresAt: Type.String(),
	contentId: Type.String(),
	settings: SessionSettingsSchema,
	endedAt: Type.Union([Type.String(), Type.Null()]),
	currentQuestion: Type.Union([OpenQuestion, Type.Null()]),
});

export const JoinBody = Type.Object({ playerId: PlayerId, playerName: Type.String({ minLength: 1, maxLength: 50 }) }, { additionalProperties: false });
export const LeaveBody = Type.Object({ playerId: PlayerId }, { additionalProperties: false });
export const MembershipResponse = Type.Object({
	sessionId: Type.String(),
	playerId: Type.String(),
	status: Type.Union([Type.Literal("joined"), Type.Literal("left")]),
	currentPlayers: Type.Integer(),
	maxPlayers: Type.Integer(),
});
export const QuestionParams = Type.Object({ session_id: Type.String({ minLength: 1, maxLength: 64 }), question_id: Type.String({ minLength: 1, maxLength: 64 }) });

export const OpenBody = Type.Object(
	{
		openedAt: Type.Optional({
			...ReportedTime,
			description:
				"Place keys only: when the game server opened the question, on its own clock (ISO date-time or Unix ms). Answers that send `answeredAt` are then timed as answeredAt - openedAt, both on that clock. Refused (400) more than 5 s in the future. Ignored for teachers' tokens; kept from the first open.",
		}),
	},
	{ additionalProperties: false },
);
