import { Type, type Static } from "@sinclair/typebox";
import { PageNumber } from "../../../http/schemaTypes.js";

const Uuid = Type.String({ format: "uuid" });
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: "\\S" });
const Subject = Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()]);
const Grade = Type.Union([Type.Integer({ minimum: 0, maximum: 13 }), Type.Null()]);

export const ClassSchema = Type.Object(
	{
		id: Uuid,
		school_id: Uuid,
		teacher_id: Type.Union([Uuid, Type.Null()]),
		/** The teacher's display name (students see who teaches them; never an email). */
		teacher_name: Type.Union([Type.String(), Type.Null()]),
		name: Type.String(),
		subject: Type.Union([Type.String(), Type.Null()]),
		grade_level: Type.Union([Type.Integer(), Type.Null()]),
		/** Shown to admins, the class's school's teachers; students see it too (they joined with it). */
		join_code: Type.String(),
		student_count: Type.Integer(),
		created_at: Type.String({ format: "date-time" }),
	},
	{ $id: "Class" },
);
export type ClassDto = Static<typeof ClassSchema>;

export const CreateClassBody = Type.Object(
	{
		name: Name,
		subject: Type.Optional(Subject),
		grade_level: Type.Optional(Grade),
		/** Admins choose the school; a teacher's class is always in their own school. */
		school_id: Type.Optional(Uuid),
		/** Defaults to the creating teacher. */
		teacher_id: Type.Optional(Uuid),
	},
	{ additionalProperties: false },
);
export const UpdateClassBody = Type.Object(
	{ name: Type.Optional(Name), subject: Type.Optional(Subject), grade_level: Type.Optional(Grade), teacher_id: Type.Optional(Type.Union([Uuid, Type.Null()])) },
	{ additionalProperties: false },
);
export const ClassListQuery = Type.Object({
	page: PageNumber(),
	per_page: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
	school_id: Type.Optional(Uuid),
	teacher_id: Type.Optional(Uuid),
	q: Type.Optional(Type.String({ maxLength: 200 })),
});
export const EnrollBody = Type.Object({ user_id: Uuid }, { additionalProperties: false });
export const JoinBody = Type.Object({ join_code: Type.String({ minLength: 4, maxLength: 16 }) }, { additionalProperties: false });
export const ClassParams = Type.Object({ id: Uuid });
export const EnrollmentParams = Type.Object({ id: Uuid, user_id: Uuid });
