import { Type, type Static } from "@sinclair/typebox";
import { RobloxId, Snowflake } from "../envelope.js";

export const USER_ACTIONS = ["GetRoles", "Timeout", "Mute", "Deafen", "AddRoles", "RemoveRoles"] as const;

export const UserActionBody = Type.Object(
	{
		method: Type.Union(USER_ACTIONS.map((m) => Type.Literal(m))),
		serverid: Snowflake,
		userid: Type.Optional(RobloxId),
		users: Type.Optional(Type.Array(RobloxId, { maxItems: 100 })),
		state: Type.Optional(Type.Union([Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }), Type.Boolean()])),
		roles: Type.Optional(Type.String({ maxLength: 2000, description: "Space-separated Discord role ids." })),
		security: Type.Optional(Type.String({ description: "Deprecated: the API key, only when no Authorization header is sent." })),
	},
	{ additionalProperties: false },
);
export type UserActionRequest = Static<typeof UserActionBody>;

export const RoleSchema = Type.Object({ id: Type.String(), name: Type.String(), color: Type.Integer() });

export const UserActionData = Type.Union([Type.Object({ roles: Type.Array(RoleSchema) }), Type.Null()]);
