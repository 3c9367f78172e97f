import { Type, type Static } from "@sinclair/typebox";

export const BulkExileBody = Type.Object(
	{
		users: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
			minItems: 1,
			maxItems: 100,
			description: "Roblox usernames or numeric ids (at most 100 per call: each may take three attempts).",
		}),
		security: Type.Optional(Type.String({ description: "Deprecated: the API key, only when no Authorization header is sent." })),
	},
	{ additionalProperties: false },
);

export const ExileResultSchema = Type.Object({
	user: Type.String(),
	success: Type.Boolean(),
	message: Type.String(),
	attempts: Type.Integer({ minimum: 0, maximum: 3 }),
});
export type ExileResult = Static<typeof ExileResultSchema>;

export const BulkExileData = Type.Object({
	results: Type.Array(ExileResultSchema),
	total: Type.Integer(),
	exiled: Type.Integer(),
	failed: Type.Integer(),
});
export type BulkExileSummary = Static<typeof BulkExileData>;
