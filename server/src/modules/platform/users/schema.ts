import { Type, type Static } from "@sinclair/typebox";
import { ROLES, TIERS } from "../../../db/tables.js";

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
export const TierSchema = Type.Union(TIERS.map((t) => Type.Literal(t)));

/** A user as the API shows it. Students have no email. */
export const UserSchema = Type.Object(
	{
		id: Type.String({ format: "uuid" }),
		email: Type.Union([Type.String(), Type.Null()]),
		username: Type.String(),
		display_name: Type.String(),
		role: RoleSchema,
		school_id: Type.Union([Type.String(), Type.Null()]),
		tier: TierSchema,
		roblox_user_id: Type.Union([Type.String(), Type.Null()]),
		status: Type.String(),
		created_at: Type.String({ format: "date-time" }),
	},
	{ $id: "User" },
);
export type UserDto = Static<typeof UserSchema>;
