import { Type, type Static } from "@sinclair/typebox";

/**
 * The lesson content shape of the plugin API (`POST /v2/roblox/generate-content`), shared by
 * the classroom API, the platform's lesson generation and the v1 Roblox API. `correct` is the
 * answer key: it is stored and scored on the server and never sent to a game client.
 */

export const DIFFICULTIES = ["easy", "medium", "hard"] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

export const StandardSchema = Type.Object({ system: Type.String(), code: Type.String() });
export type Standard = Static<typeof StandardSchema>;

/**
 * How a question is played. "choice" (the default): pick one option. "number_line": options are
 * the marks of a number line left to right, pick the mark of the value. "fraction_bar": options
 * are "1 part" .. "n parts" of a bar, pick how many parts to shade. "ordering": put every option
 * in order; `order` is the key.
 */
export const QUESTION_KINDS = ["choice", "number_line", "fraction_bar", "ordering"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const QuestionSchema = Type.Object({
	id: Type.String({ minLength: 1 }),
	text: Type.String({ minLength: 1 }),
	options: Type.Array(Type.String({ minLength: 1 }), { minItems: 2, maxItems: 6 }),
	correct: Type.Integer({ minimum: 0 }),
	points: Type.Integer({ minimum: 1 }),
	explanation: Type.String(),
	hints: Type.Array(Type.String()),
	difficulty: Type.Union(DIFFICULTIES.map((d) => Type.Literal(d))),
	standards: Type.Array(StandardSchema),
	kind: Type.Optional(Type.Union(QUESTION_KINDS.map((k) => Type.Literal(k)))),
	/** Ordering questions: the option indexes in the right order (answer key, server-only); `correct` is order[0]. */
	order: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { minItems: 2, maxItems: 6 })),
	/** The self-paced element (worlds catalogue id) that asks this question; absent: a quiz board the teacher opens. */
	activity: Type.Optional(Type.String({ maxLength: 50 })),
});
export type Question = Static<typeof QuestionSchema>;

export const Vector3Schema = Type.Tuple([Type.Number(), Type.Number(), Type.Number()]);

export const SceneObjectSchema = Type.Object({
	type: Type.String({ minLength: 1 }),
	position: Vector3Schema,
	properties: Type.Record(Type.String(), Type.Unknown()),
});
export type SceneObject = Static<typeof SceneObjectSchema>;

export const TerrainSchema = Type.Object({
	type: Type.String(),
	materials: Type.Array(Type.String()),
	lighting: Type.String(),
});

/** How the objectives were read for a procedural maths lesson (absent for other subjects). */
export const CurriculumNoteSchema = Type.Object({
	topics: Type.Array(Type.String(), { description: "Maths topic ids the questions were generated from (GET the list with listTopics / the curriculum module)" }),
	explanation: Type.String({ description: "What was built and against which standards, and any objective that matched nothing" }),
	unmatched: Type.Array(Type.String()),
});
export type CurriculumNote = Static<typeof CurriculumNoteSchema>;

export const LessonContentSchema = Type.Object(
	{
		terrain: TerrainSchema,
		objects: Type.Array(SceneObjectSchema),
		quiz: Type.Object({ questions: Type.Array(QuestionSchema) }),
		curriculum: Type.Optional(CurriculumNoteSchema),
	},
);
export type LessonContent = Static<typeof LessonContentSchema>;

/** A question as a player may see it: no `correct`, no explanation before answering. */
export const PublicQuestionSchema = Type.Object({
	id: Type.String(),
	text: Type.String(),
	options: Type.Array(Type.String()),
	points: Type.Integer(),
	hints: Type.Optional(Type.Array(Type.String())),
	difficulty: Type.Optional(Type.String()),
});
export type PublicQuestion = Static<typeof PublicQuestionSchema>;

export const LessonRequestSchema = Type.Object(
	{
		subject: Type.String({ minLength: 1, maxLength: 100 }),
		gradeLevel: Type.Integer({ minimum: 1, maximum: 12 }),
		learningObjectives: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 20 }),
		environmentType: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
		includeQuiz: Type.Optional(Type.Boolean()),
		maxQuestions: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
		difficulty: Type.Optional(Type.Union(DIFFICULTIES.map((d) => Type.Literal(d)), { description: "Selects the number ranges of the maths generators; defaults by grade" })),
		/** A worlds catalogue theme (or a synonym: "underwater" -> ocean); environmentType is the fallback. */
		theme: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: "A worlds catalogue theme (classroom, space, ocean, forest, castle, city, laboratory) or a synonym; environmentType is the fallback, then classroom." })),
		/** Worlds catalogue elements (or synonyms); default quiz boards. Elements that do not suit the subject are skipped. */
		elements: Type.Optional(
			Type.Array(Type.String({ minLength: 1, maxLength: 50 }), {
				maxItems: 10,
				description:
					"Worlds catalogue elements (quiz_board, treasure_hunt, obstacle_course, timeline, number_line, fraction_bar, flashcards) or synonyms; maxQuestions is shared among them. Elements that do not suit the subject are skipped; default quiz boards.",
			}),
		),
		topics: Type.Optional(
			Type.Array(Type.String({ minLength: 1, maxLength: 60 }), {
				maxItems: 20,
				description: "Maths only: topic ids (from matchObjectives / listTopics) to generate from instead of reading learningObjectives; each must serve gradeLevel or one grade either side",
			}),
		),
	},
	{ additionalProperties: false },
);
export type LessonRequest = Static<typeof LessonRequestSchema>;

/** One chat-completion round trip; the OpenAI-compatible provider implements it over HTTP. */
export interface LlmProvider {
	readonly name: string;
	/** The per-lesson cost cap the provider was configured with (see llm/README.md); defaults apply when absent. */
	readonly limits?: LlmLimits;
	/**
	 * Returns the assistant message's text. Throws on transport or upstream failure. `onUsage`
	 * receives the tokens the upstream reports for the call (prompt + completion), when it does.
	 */
	complete(messages: LlmMessage[], options?: { temperature?: number; onUsage?: (totalTokens: number) => void }): Promise<string>;
}

export interface LlmMessage {
	role: "system" | "user" | "assistant";
	content: string;
}

/** The most one lesson may spend on the model: calls and tokens (reported, or estimated at 4 characters a token). */
export interface LlmLimits {
	maxCalls: number;
	maxTokens: number;
}

export interface GenerateOptions {
	/** Same seed + same request -> same lesson. Defaults to a random seed. */
	seed?: number;
	/** When given, non-procedural questions are asked of this model first (validated, maths recomputed). */
	llm?: LlmProvider;
}

/** Strips the answer key and explanation from a question before it leaves for a game client. */
export function publicQuestion(q: Question): PublicQuestion {
	return { id: q.id, text: q.text, options: q.options, points: q.points, hints: q.hints, difficulty: q.difficulty };
}
