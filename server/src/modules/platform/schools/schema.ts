import { Type, type Static } from "@sinclair/typebox";
import { TierSchema } from "../users/schema.js";
import { PageNumber } from "../../../http/schemaTypes.js";

export const SchoolSchema = Type.Object(
	{
		id: Type.String({ format: "uuid" }),
		name: Type.String(),
		tier: TierSchema,
		created_at: Type.String({ format: "date-time" }),
	},
	{ $id: "School" },
);
export type SchoolDto = Static<typeof SchoolSchema>;

const Name = Type.String({ minLength: 1, maxLength: 200, pattern: "\\S" });

export const CreateSchoolBody = Type.Object({ name: Name, tier: Type.Optional(TierSchema) }, { additionalProperties: false });
export const UpdateSchoolBody = Type.Object({ name: Type.Optional(Name), tier: Type.Optional(TierSchema) }, { additionalProperties: false });
export const SchoolListQuery = Type.Object({
	page: PageNumber(),
	per_page: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
	q: Type.Optional(Type.String({ maxLength: 200 })),
	tier: Type.Optional(TierSchema),
});
export const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
