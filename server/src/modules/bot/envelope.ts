import { Type, type TSchema } from "@sinclair/typebox";

/** The bot spec's envelopes: `{ success: true, data }` and `{ success: false, error }`. */
export const Success = <T extends TSchema>(data: T) => Type.Object({ success: Type.Literal(true), data });

export const ErrorEnvelope = Type.Object({
	success: Type.Literal(false),
	error: Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Unknown()) }),
});

/** Documents the error statuses a route can answer, all in the error envelope. */
export const errorResponses = (...statuses: number[]): Record<number, typeof ErrorEnvelope> =>
	Object.fromEntries(statuses.map((status) => [status, ErrorEnvelope]));

export const success = <T>(data: T) => ({ success: true as const, data });

/** Discord ids (guilds, channels, users, roles) are 64-bit snowflakes. */
export const Snowflake = Type.String({ pattern: "^[0-9]{17,20}$" });
/** Roblox user and group ids. */
export const RobloxId = Type.String({ pattern: "^[0-9]{1,19}$" });
