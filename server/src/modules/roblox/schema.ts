import { Type } from "@sinclair/typebox";

/** Shared schema pieces of the Roblox v1 API. */

export const security = [{ bearerAuth: [] }];

export const ErrorResponse = Type.Object({
	error: Type.Object({
		code: Type.String(),
		message: Type.String(),
		details: Type.Optional(Type.Unknown()),
		timestamp: Type.String(),
		requestId: Type.String(),
	}),
});

export const SessionId = Type.String({ pattern: "^session_[0-9a-f]{24}$", description: "A conversation session id" });
