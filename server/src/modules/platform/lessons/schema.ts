import { Type, type Static } from "@sinclair/typebox";
import { LESSON_STATUSES } from "./tables.js";
import { PageNumber } from "../../../http/schemaTypes.js";

const Status = Type.Union(LESSON_STATUSES.map((s) => Type.Literal(s)));
const Uuid = Type.String({ format: "uuid" });

const lessonFields = {
	title: Type.String({ minLength: 1, maxLength: 200 }),
	content: Type.String({ maxLength: 100_000 }),
	subject: Type.String({ minLength: 1, maxLength: 100 }),
	grade_level: Type.Integer({ minimum: 1, maximum: 12 }),
	objectives: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { maxItems: 50 }),
	status: Status,
	class_id: Type.Union([Uuid, Type.Null()]),
};

export const CreateLessonBody = Type.Object(
	{
		title: lessonFields.title,
		content: lessonFields.content,
		subject: lessonFields.subject,
		grade_level: lessonFields.grade_level,
		objectives: Type.Optional(lessonFields.objectives),
		status: Type.Optional(lessonFields.status),
		class_id: Type.Optional(lessonFields.class_id),
	},
	{ additionalProperties: false },
);
export type CreateLesson = Static<typeof CreateLessonBody>;

export const UpdateLessonBody = Type.Partial(Type.Object(lessonFields), { additionalProperties: false, minProperties: 1 });
export type UpdateLesson = Static<typeof UpdateLessonBody>;

export const LessonSchema = Type.Object({
	id: Uuid,
	school_id: Type.String(),
	author_id: Type.Union([Type.String(), Type.Null()]),
	class_id: Type.Union([Type.String(), Type.Null()]),
	title: Type.String(),
	content: Type.String(),
	subject: Type.String(),
	grade_level: Type.Integer(),
	objectives: Type.Array(Type.String()),
	status: Status,
	created_at: Type.String({ format: "date-time" }),
	updated_at: Type.String({ format: "date-time" }),
});
export type LessonDto = Static<typeof LessonSchema>;

export const LessonListQuery = Type.Object({
	page: PageNumber(),
	per_page: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
	subject: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
	grade_level: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
	status: Type.Optional(Status),
	class_id: Type.Optional(Uuid),
	q: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});

export const IdParams = Type.Object({ id: Uuid });
