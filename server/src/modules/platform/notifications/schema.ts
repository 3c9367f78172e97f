import { Type, type Static } from "@sinclair/typebox";
import { PageNumber } from "../../../http/schemaTypes.js";

export const NotificationSchema = Type.Object({
	id: Type.String({ format: "uuid" }),
	type: Type.String(),
	title: Type.String(),
	body: Type.String(),
	data: Type.Record(Type.String(), Type.Unknown()),
	read: Type.Boolean(),
	read_at: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
	created_at: Type.String({ format: "date-time" }),
});
export type NotificationDto = Static<typeof NotificationSchema>;

export const NotificationListQuery = Type.Object({
	unread: Type.Optional(Type.Boolean()),
	page: PageNumber(),
	per_page: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});
