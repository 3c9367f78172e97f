import { Type, type Static } from "@sinclair/typebox";
import { PageNumber } from "../../../http/schemaTypes.js";

export const SendMessageBody = Type.Object(
	{
		recipient_id: Type.String({ format: "uuid" }),
		subject: Type.Optional(Type.String({ maxLength: 200 })),
		body: Type.String({ minLength: 1, maxLength: 10_000 }),
	},
	{ additionalProperties: false },
);

export const MessageSchema = Type.Object({
	id: Type.String({ format: "uuid" }),
	sender_id: Type.String(),
	/** The sender's display name (never an email). */
	sender_name: Type.String(),
	recipient_id: Type.String(),
	recipient_name: Type.String(),
	subject: Type.String(),
	body: Type.String(),
	read: Type.Boolean(),
	read_at: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
	created_at: Type.String({ format: "date-time" }),
});
export type MessageDto = Static<typeof MessageSchema>;

export const MessageListQuery = Type.Object({
	box: Type.Union([Type.Literal("inbox"), Type.Literal("sent")], { default: "inbox" }),
	unread: Type.Optional(Type.Boolean()),
	page: PageNumber(),
	per_page: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});
