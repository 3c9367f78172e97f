import { Type, type TSchema } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import { PageNumber } from "./schemaTypes.js";

/** The platform spec's success envelope, as a response schema around `data`. */
export function Envelope<T extends TSchema>(data: T) {
	return Type.Object({
		success: Type.Literal(true),
		data,
		message: Type.Optional(Type.String()),
		timestamp: Type.String({ format: "date-time" }),
		request_id: Type.String(),
	});
}

/** The platform spec's error envelope, for documenting error responses in OpenAPI. */
export const ErrorEnvelope = Type.Object(
	{
		success: Type.Literal(false),
		error: Type.Object({
			code: Type.String(),
			message: Type.String(),
			details: Type.Optional(Type.Unknown()),
		}),
		timestamp: Type.String({ format: "date-time" }),
		request_id: Type.String(),
	},
	{ $id: "ErrorEnvelope" },
);

/** The Roblox integration spec's error body (classroom and v1 APIs), for OpenAPI. */
export const RobloxErrorEnvelope = Type.Object({
	error: Type.Object({
		code: Type.String(),
		message: Type.String(),
		details: Type.Optional(Type.Unknown()),
		timestamp: Type.String(),
		requestId: Type.String(),
	}),
});

/** Wraps a handler's result in the platform envelope. */
export function ok<T>(request: FastifyRequest, data: T, message?: string) {
	return {
		success: true as const,
		data,
		...(message === undefined ? {} : { message }),
		timestamp: new Date().toISOString(),
		request_id: request.id,
	};
}

/** A page of results with the totals a client needs to page on. */
export function Page<T extends TSchema>(item: T) {
	return Type.Object({
		items: Type.Array(item),
		total: Type.Integer(),
		page: Type.Integer(),
		per_page: Type.Integer(),
	});
}

export const PageQuery = Type.Object({
	page: PageNumber(),
	per_page: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});
