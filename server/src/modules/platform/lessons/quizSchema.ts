import { Type, type Static } from "@sinclair/typebox";

const Uuid = Type.String({ format: "uuid" });

export const QuestionInput = Type.Object(
	{
		id: Type.String({ minLength: 1, maxLength: 64 }),
		text: Type.String({ minLength: 1, maxLength: 2000 }),
		options: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { minItems: 2, maxItems: 10 }),
		correct: Type.Integer({ minimum: 0, maximum: 9 }),
		points: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })),
		explanation: Type.Optional(Type.String({ maxLength: 2000 })),
	},
	{ additionalProperties: false },
);
export type QuestionInputT = Static<typeof QuestionInput>;

const Kind = Type.Union([Type.Literal("quiz"), Type.Literal("assessment")]);
const Questions = Type.Array(QuestionInput, { minItems: 1, maxItems: 100 });

export const CreateQuizBody = Type.Object(
	{ title: Type.String({ minLength: 1, maxLength: 200 }), kind: Type.Optional(Kind), questions: Questions },
	{ additionalProperties: false },
);
export const UpdateQuizBody = Type.Object(
	{ title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), kind: Type.Optional(Kind), questions: Type.Optional(Questions) },
	{ additionalProperties: false, minProperties: 1 },
);

/** Staff see the answer key; learners get the same shape without `correct` and `explanation`. */
export const QuestionSchema = Type.Object({
	id: Type.String(),
	text: Type.String(),
	options: Type.Array(Type.String()),
	points: Type.Integer(),
	correct: Type.Optional(Type.Integer()),
	explanation: Type.Optional(Type.String()),
});

export const QuizSchema = Type.Object({
	id: Uuid,
	lesson_id: Type.String(),
	title: Type.String(),
	kind: Type.String(),
	questions: Type.Array(QuestionSchema),
	max_score: Type.Integer(),
	created_at: Type.String({ format: "date-time" }),
	updated_at: Type.String({ format: "date-time" }),
});
export type QuizDto = Static<typeof QuizSchema>;

export const AttemptBody = Type.Object(
	{ answers: Type.Array(Type.Union([Type.Integer({ minimum: 0, maximum: 9 }), Type.Null()]), { minItems: 1, maxItems: 100 }) },
	{ additionalProperties: false, description: "One entry per question, in order: the chosen option index, or null to skip." },
);

/** What a student learns from an attempt: the score, never which option was right. */
export const AttemptResultSchema = Type.Object({
	id: Uuid,
	quiz_id: Type.String(),
	user_id: Type.String(),
	score: Type.Integer(),
	max_score: Type.Integer(),
	percentage: Type.Number(),
	correct_count: Type.Integer(),
	question_count: Type.Integer(),
	created_at: Type.String({ format: "date-time" }),
});

export const AttemptRecordSchema = Type.Intersect([AttemptResultSchema, Type.Object({ answers: Type.Array(Type.Union([Type.Integer(), Type.Null()])) })]);
