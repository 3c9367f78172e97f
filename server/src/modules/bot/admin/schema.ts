import { Type } from "@sinclair/typebox";
import { RobloxId, Snowflake } from "../envelope.js";
import { WORKSPACE_STATUSES } from "../tables.js";

const Status = Type.Union(WORKSPACE_STATUSES.map((s) => Type.Literal(s)));
const GuildIds = Type.Array(Snowflake, { maxItems: 50, uniqueItems: true });

export const TenantBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export const TenantView = Type.Object({ id: Type.String(), name: Type.String(), createdAt: Type.String() });

export const WorkspaceBody = Type.Object(
	{
		tenantId: Type.String({ format: "uuid" }),
		name: Type.String({ minLength: 1, maxLength: 100 }),
		robloxGroupId: RobloxId,
		discordGuildIds: Type.Optional(GuildIds),
		status: Type.Optional(Status),
		rateLimitPerMinute: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 100_000 }), Type.Null()])),
	},
	{ additionalProperties: false },
);

export const WorkspacePatch = Type.Object(
	{
		name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
		robloxGroupId: Type.Optional(RobloxId),
		discordGuildIds: Type.Optional(GuildIds),
		status: Type.Optional(Status),
		rateLimitPerMinute: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 100_000 }), Type.Null()])),
	},
	{ additionalProperties: false, minProperties: 1 },
);

/** Upstream credentials: sealed at rest, never returned. `null` removes one. */
export const CredentialsBody = Type.Object(
	{
		robloxCookie: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 4096 }), Type.Null()])),
		openCloudApiKey: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 1024 }), Type.Null()])),
	},
	{ additionalProperties: false, minProperties: 1 },
);

export const WorkspaceView = Type.Object({
	id: Type.String(),
	tenantId: Type.String(),
	name: Type.String(),
	robloxGroupId: Type.String(),
	discordGuildIds: Type.Array(Type.String()),
	status: Type.String(),
	rateLimitPerMinute: Type.Union([Type.Integer(), Type.Null()]),
	apiKeyHint: Type.Union([Type.String(), Type.Null()]),
	hasRobloxCookie: Type.Boolean(),
	hasOpenCloudKey: Type.Boolean(),
});

export const MintedKey = Type.Object({ key: Type.String({ description: "Shown once; only its digest is stored." }), hint: Type.String() });
export const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
