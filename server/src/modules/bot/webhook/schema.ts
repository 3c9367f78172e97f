import { Type, type Static } from "@sinclair/typebox";
import { Snowflake } from "../envelope.js";

const MediaUrl = Type.String({ format: "uri", pattern: "^(https?|attachment)://", maxLength: 2048 });
const TextOrLines = Type.Union([Type.String({ maxLength: 2048 }), Type.Array(Type.String({ maxLength: 2048 }), { maxItems: 25 })]);

/** One embed as the spec shapes it (limits are Discord's). */
export const EmbedSchema = Type.Object(
	{
		title: Type.Optional(Type.String({ maxLength: 256 })),
		description: Type.Optional(Type.String({ maxLength: 4096 })),
		color: Type.Optional(Type.Integer({ minimum: 0, maximum: 16777215 })),
		url: Type.Optional(MediaUrl),
		image: Type.Optional(MediaUrl),
		thumbnail: Type.Optional(MediaUrl),
		author: Type.Optional(TextOrLines),
		footer: Type.Optional(TextOrLines),
		fields: Type.Optional(
			Type.Array(
				Type.Object(
					{
						name: Type.String({ minLength: 1, maxLength: 256 }),
						value: Type.String({ minLength: 1, maxLength: 1024 }),
						inline: Type.Optional(Type.Boolean({ default: false })),
					},
					{ additionalProperties: false },
				),
				{ maxItems: 25 },
			),
		),
		ping: Type.Optional(Snowflake),
	},
	{ additionalProperties: false },
);
export type Embed = Static<typeof EmbedSchema>;

export const WebhookBody = Type.Object(
	{
		method: Type.Union([Type.Literal("Message"), Type.Literal("Embed"), Type.Literal("MultipleEmbeds")]),
		cid: Snowflake,
		message: Type.Optional(Type.String({ maxLength: 2000 })),
		timestamp: Type.Optional(Type.Integer({ minimum: 0, maximum: 8_640_000_000_000 })),
		embedData: Type.Optional(Type.Union([EmbedSchema, Type.Array(EmbedSchema, { minItems: 1, maxItems: 10 })])),
		security: Type.Optional(Type.String({ description: "Deprecated: the API key, only when no Authorization header is sent." })),
	},
	{ additionalProperties: false },
);
export type WebhookRequest = Static<typeof WebhookBody>;

export const WebhookData = Type.Object({ messageId: Type.String() });
