import { Type, type Static } from "@sinclair/typebox";
import { PageNumber } from "../../../http/schemaTypes.js";

export const ProgressSchema = Type.Object({
	user_id: Type.String(),
	lesson_id: Type.String(),
	school_id: Type.String(),
	progress: Type.Integer(),
	score: Type.Union([Type.Number(), Type.Null()]),
	time_spent: Type.Integer(),
	completed: Type.Boolean(),
	completed_at: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
	updated_at: Type.String({ format: "date-time" }),
});
export type ProgressDto = Static<typeof ProgressSchema>;

export const ProgressQuery = Type.Object({
	page: PageNumber(),
	per_page: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
	class_id: Type.Optional(Type.String({ format: "uuid" })),
	user_id: Type.Optional(Type.String({ format: "uuid" })),
	lesson_id: Type.Optional(Type.String({ format: "uuid" })),
	school_id: Type.Optional(Type.String({ format: "uuid" })),
	completed: Type.Optional(Type.Boolean()),
});

export const UpdateProgressBody = Type.Object(
	{
		progress: Type.Integer({ minimum: 0, maximum: 100 }),
		score: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()])),
		time_spent: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, description: "Total seconds spent on the lesson" })),
	},
	{ additionalProperties: false },
);

export const LessonIdParams = Type.Object({ lesson_id: Type.String({ format: "uuid" }) });
