import { Type } from "@sinclair/typebox";
import { From, Limit, Millis, RobloxId, Uuid } from "../schema.js";

export const KeySchema = Type.Object({
	id: Uuid,
	script_id: Uuid,
	hint: Type.String({ description: "First 9 characters of the key, safe to show" }),
	note: Type.Union([Type.String(), Type.Null()]),
	roblox_id: Type.Union([Type.Integer(), Type.Null()], { description: "When set, only places created by this Roblox user verify with the key" }),
	expires_at: Type.Union([Millis, Type.Null()]),
	blacklisted: Type.Boolean(),
	blacklist_reason: Type.Union([Type.String(), Type.Null()]),
	created_at: Millis,
});

export const CreatedKeySchema = Type.Object({
	...KeySchema.properties,
	key: Type.String({ description: "The licence key (`lk_...`). Shown once: only its SHA-256 digest is stored" }),
});

const Note = Type.String({ maxLength: 500 });
export const CreateKeyBody = Type.Object(
	{ note: Type.Optional(Note), expires_at: Type.Optional(Type.Union([Millis, Type.Null()])), roblox_id: Type.Optional(Type.Union([RobloxId, Type.Null()])) },
	{ additionalProperties: false },
);

/** `""` sets null, `null` or absent leaves unchanged (the spec's edit convention). */
export const EditKeyBody = Type.Object(
	{
		note: Type.Optional(Type.Union([Note, Type.Null()])),
		expires_at: Type.Optional(Type.Union([Millis, Type.Literal(""), Type.Null()])),
		roblox_id: Type.Optional(Type.Union([RobloxId, Type.Literal(""), Type.Null()])),
	},
	{ additionalProperties: false },
);

export const BlacklistBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
export const KeysQuery = Type.Object({ from: Type.Optional(From), limit: Type.Optional(Limit) });
export const KeyParams = Type.Object({ script_id: Uuid, key_id: Uuid });
