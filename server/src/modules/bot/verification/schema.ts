import { Type } from "@sinclair/typebox";
import { Snowflake } from "../envelope.js";

export const StartSessionBody = Type.Object(
	{
		discordUserId: Snowflake,
		security: Type.Optional(Type.String({ description: "Deprecated: the API key, only when no Authorization header is sent." })),
	},
	{ additionalProperties: false },
);

export const SessionData = Type.Object({
	state: Type.String({ description: "24 hex characters; single use; expires after 10 minutes." }),
	expiresAt: Type.String({ format: "date-time" }),
	authorizeUrl: Type.String({ description: "Roblox OAuth consent page to send the Discord user to." }),
});

/** Browser redirect: every parameter is optional so a bad or refused callback still redirects. */
export const VerifyQuery = Type.Object(
	{
		state: Type.Optional(Type.String()),
		code: Type.Optional(Type.String()),
		error: Type.Optional(Type.String()),
	},
	{ additionalProperties: true },
);
