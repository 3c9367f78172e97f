import { Type } from "@sinclair/typebox";
import { PlayerId, SessionId } from "../schema.js";

export const MAX_BATCH = 100;

export const ProgressItem = Type.Object(
	{
		playerId: PlayerId,
		sessionId: SessionId,
		lessonId: Type.String({ minLength: 1, maxLength: 128 }),
		progress: Type.Number({ minimum: 0, maximum: 100 }),
		score: Type.Integer({ minimum: 0, maximum: 100_000_000, default: 0 }),
		achievements: Type.Array(Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_.-]+$" }), { maxItems: 50, default: [] }),
		timestamp: Type.String({ format: "date-time" }),
	},
	{ additionalProperties: false },
);
export const ProgressBatch = Type.Array(ProgressItem, { minItems: 1, maxItems: MAX_BATCH });
/** For OpenAPI: one report, or a batch of up to 100 in an array. */
export const ProgressBody = Type.Union([ProgressItem, ProgressBatch]);

export const ProgressWriteResponse = Type.Object({
	accepted: Type.Integer(),
	duplicates: Type.Integer(),
	results: Type.Array(Type.Object({ playerId: Type.String(), sessionId: Type.String(), timestamp: Type.String(), status: Type.Union([Type.Literal("recorded"), Type.Literal("duplicate")]) })),
});

export const PlayerProgressResponse = Type.Object({
	playerId: Type.String(),
	totalScore: Type.Integer({ description: "Quiz points the backend scored for this player across the school's sessions (the same number as `totalScore` in player analytics and the sum of `totalScore` in session results)." }),
	progressScore: Type.Integer({ description: "The game's own score: the sum of the latest `score` reported in progress per session and lesson." }),
	completedLessons: Type.Integer(),
	achievements: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), unlockedAt: Type.String() })),
	currentSession: Type.Union([Type.Object({ sessionId: Type.String(), progress: Type.Number(), timeSpent: Type.Integer() }), Type.Null()]),
});
