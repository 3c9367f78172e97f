import { Type, type TSchema } from "@sinclair/typebox";
import { bareErrorStyle, OAUTH_ERROR_CODES, oauthErrorStyle, platformErrorStyle, robloxErrorStyle, type ErrorStyle } from "./errorStyles.js";

/**
 * An API area's error format: the style that writes it and the schema that documents it in
 * /openapi.json (as a named component). Errors Fastify raises before any route is found (an
 * overlong path parameter, oversized headers) are written with the style of the area whose
 * prefix the URL starts with.
 */
export interface ErrorArea {
	style: ErrorStyle;
	/** The component name of `schema` in /openapi.json. */
	name: string;
	schema: TSchema;
}

const details = Type.Optional(Type.Unknown({ description: "Machine-readable context, e.g. `{ field, issue }` for a validation error" }));

export const ERROR_AREAS = {
	platform: {
		name: "PlatformError",
		style: platformErrorStyle,
		schema: Type.Object(
			{
				success: Type.Literal(false),
				error: Type.Object({ code: Type.String(), message: Type.String(), details }),
				timestamp: Type.String({ format: "date-time" }),
				request_id: Type.String(),
			},
			{ description: "Error envelope of the platform API (`/v2`) and of paths outside every area" },
		),
	},
	roblox: {
		name: "RobloxError",
		style: robloxErrorStyle,
		schema: Type.Object(
			{
				error: Type.Object({ code: Type.String(), message: Type.String(), details, timestamp: Type.String({ format: "date-time" }), requestId: Type.String() }),
			},
			{ description: "Error body of the Roblox APIs (`/v2/roblox`, `/api/v1/roblox`); validation failures are `INVALID_REQUEST`" },
		),
	},
	oauth: {
		name: "OAuthError",
		style: oauthErrorStyle,
		schema: Type.Object(
			{
				error: Type.Union(OAUTH_ERROR_CODES.map((code) => Type.Literal(code))),
				error_description: Type.String(),
				interval: Type.Optional(Type.Integer({ description: "slow_down only: the polling interval in seconds from now on" })),
				requestId: Type.String(),
				timestamp: Type.String({ format: "date-time" }),
			},
			{
				description:
					"Error body of the OAuth endpoints (`/api/v1/roblox/oauth`): RFC 6749 §5.2 / RFC 8628 §3.5 form, so OAuth device-flow clients read `error` as the RFC code. The project's other areas wrap errors in an object; these endpoints answer OAuth clients, so the RFC form wins here and the request id and timestamp ride along as extra members.",
			},
		),
	},
	licensing: {
		name: "LicensingError",
		style: bareErrorStyle,
		schema: Type.Object(
			{ success: Type.Literal(false), error: Type.Object({ code: Type.String(), message: Type.String(), details }) },
			{ description: "Error envelope of script licensing (`/licensing`)" },
		),
	},
	bot: {
		name: "BotError",
		style: bareErrorStyle,
		schema: Type.Object(
			{ success: Type.Literal(false), error: Type.Object({ code: Type.String(), message: Type.String(), details }) },
			{ description: "Error envelope of the game-server bot API (`/bot`)" },
		),
	},
} satisfies Record<string, ErrorArea>;

export interface AreaPrefix {
	prefix: string;
	errors: ErrorArea;
}

/** The area a URL belongs to: the longest prefix it starts with (`/v2/roblox` before `/v2`). */
export function areaOf(url: string, areas: readonly AreaPrefix[]): ErrorArea {
	const path = url.split("?")[0];
	let best: AreaPrefix | undefined;
	for (const area of areas) {
		const inside = path === area.prefix || path.startsWith(`${area.prefix}/`);
		if (inside && (!best || area.prefix.length > best.prefix.length)) best = area;
	}
	return best?.errors ?? ERROR_AREAS.platform;
}
