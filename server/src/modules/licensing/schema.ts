import { Type, type TSchema } from "@sinclair/typebox";
import { Count, UnixMillis } from "../../http/schemaTypes.js";

/**
 * TypeBox schemas of the licensing API. The spec's own routes answer `{ success, script }`,
 * `{ success, executions }`, `{ success, sessions }`; the routes around them (projects, keys,
 * game-facing verify/heartbeat) follow the same `{ success, <noun> }` shape. Times are Unix ms.
 */
export const Uuid = Type.String({ format: "uuid" });
export const Millis = UnixMillis();
/** Roblox ids are positive integers below 2^53. */
export const RobloxId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const JobId = Type.String({ minLength: 1, maxLength: 100 });

/** Pagination: 0 returns an empty list; above the cap is served as the cap. */
export const PAGE_CAP = 1000;
export const DEFAULT_PAGE = 50;
export const From = Count({ default: 0, description: "Start index (0-based); beyond the end gives an empty list" });
export const Limit = Count({
	default: DEFAULT_PAGE,
	description: `Amount to return; 0 gives an empty list, values above ${PAGE_CAP} are served as ${PAGE_CAP}`,
});

export const Success = Type.Object({ success: Type.Literal(true) });
export const withSuccess = <T extends Record<string, TSchema>>(props: T) => Type.Object({ success: Type.Literal(true), ...props });

export const ScriptParams = Type.Object({ script_id: Uuid });

export const ScriptSchema = Type.Object(
	{
		id: Uuid,
		project_id: Uuid,
		name: Type.Union([Type.String(), Type.Null()]),
		free_for_all: Type.Boolean(),
		use_heartbeat: Type.Boolean(),
		kick_outdated: Type.Boolean(),
		require_sessions: Type.Boolean(),
		enabled: Type.Boolean(),
		total_executions: Type.Integer({ description: "Successful verifications, ever" }),
		total_sessions: Type.Integer({ description: "Heartbeat sessions opened, ever" }),
		total_instances: Type.Integer({ description: "Live sessions now: not ended, and a heartbeat within the last 3 intervals" }),
	},
);

export const SessionSchema = Type.Object(
	{
		id: Uuid,
		user_key: Type.Union([Uuid, Type.Null()], {
			description: "Id of the licence key the server verified with (never the secret key itself); null for a free_for_all verify without key",
		}),
		script_id: Uuid,
		roblox_id: Type.Integer({ description: "Roblox user id of the place's creator" }),
		place_id: Type.Integer(),
		job_id: Type.String(),
		created_at: Millis,
	},
);

export const SessionDetailSchema = Type.Object({
	...SessionSchema.properties,
	version: Type.Integer({ description: "Script version the server reported at verify" }),
	last_heartbeat_at: Millis,
	live: Type.Boolean(),
	ended_at: Type.Union([Millis, Type.Null()]),
	end_reason: Type.Union([Type.String(), Type.Null()]),
});

/** Edit: `""` sets a nullable field to null; `null` (or leaving the field out) leaves it unchanged. */
const NullableFlag = Type.Union([Type.Boolean(), Type.Null()]);
export const EditScriptBody = Type.Object(
	{
		name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()], { description: 'Name for the script; "" sets null' })),
		free_for_all: Type.Optional(NullableFlag),
		use_heartbeat: Type.Optional(NullableFlag),
		kick_outdated: Type.Optional(NullableFlag),
		require_sessions: Type.Optional(NullableFlag),
	},
	{ additionalProperties: false },
);

export const CreateScriptBody = Type.Object(
	{
		name: Type.Optional(Type.String({ maxLength: 200 })),
		script: Type.Optional(Type.String({ maxLength: 500_000, description: "Initial source (version 1)" })),
		free_for_all: Type.Optional(Type.Boolean({ default: false })),
		use_heartbeat: Type.Optional(Type.Boolean({ default: true })),
		kick_outdated: Type.Optional(Type.Boolean({ default: false })),
		require_sessions: Type.Optional(Type.Boolean({ default: false })),
	},
	{ additionalProperties: false },
);

export const UpdateScriptBody = Type.Object(
	{ script: Type.String({ maxLength: 500_000, description: "The source code of the script; a different source is a new version" }) },
	{ additionalProperties: false },
);
export const ToggleBody = Type.Object({ state: Type.Boolean({ description: "Script enabled state" }) }, { additionalProperties: false });
export const SessionsBody = Type.Object({ from: Type.Optional(From), limit: Type.Optional(Limit) }, { additionalProperties: false });

const Digits = (description: string) => Type.String({ pattern: "^[1-9][0-9]{0,15}$", description });
export const SessionsFilterQuery = Type.Object({
	from: Type.Optional(From),
	limit: Type.Optional(Limit),
	key: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "Licence key id, or the licence key itself" })),
	roblox_id: Type.Optional(Digits("Roblox id of the place creator")),
	place_id: Type.Optional(Digits("Place id")),
	job_id: Type.Optional(JobId),
});
