import type { FastifyRequest } from "fastify";
import type { AppError } from "./errors.js";

/**
 * How a module's spec spells an error. The platform and bot specs wrap errors in
 * `{ success: false, error }`; the Roblox v1 spec puts timestamp and requestId inside `error`
 * and calls validation failures INVALID_REQUEST; the licensing spec has no timestamp at all.
 */
export type ErrorStyle = (error: AppError, request: FastifyRequest) => unknown;

export const platformErrorStyle: ErrorStyle = (error, request) => ({
	success: false,
	error: withDetails({ code: error.code, message: error.message }, error.details),
	timestamp: new Date().toISOString(),
	request_id: request.id,
});

export const robloxErrorStyle: ErrorStyle = (error, request) => ({
	error: {
		...withDetails(
			{ code: error.code === "VALIDATION_ERROR" ? "INVALID_REQUEST" : error.code, message: error.message },
			error.details,
		),
		timestamp: new Date().toISOString(),
		requestId: request.id,
	},
});

export const bareErrorStyle: ErrorStyle = (error) => ({
	success: false,
	error: withDetails({ code: error.code, message: error.message }, error.details),
});

function withDetails<T extends object>(body: T, details: unknown): T & { details?: unknown } {
	return details === undefined ? body : { ...body, details };
}

/**
 * OAuth endpoints (RFC 6749 §5.2, RFC 8628 §3.5) answer in the form any OAuth client parses:
 * `error` is the RFC code string, with `error_description`; this project's request id and
 * timestamp ride along as extra members (RFC clients ignore unknown members). Errors raised
 * with an RFC code keep it; the project's own codes map onto the nearest RFC code, so a client
 * never meets a code outside the RFC's list. A slow_down says the new `interval`.
 */
export const oauthErrorStyle: ErrorStyle = (error, request) => {
	const interval = (error.details as { interval?: unknown } | undefined)?.interval;
	return {
		error: oauthCode(error),
		error_description: error.message,
		...(typeof interval === "number" ? { interval } : {}),
		requestId: request.id,
		timestamp: new Date().toISOString(),
	};
};

export const OAUTH_ERROR_CODES = [
	"invalid_request",
	"invalid_client",
	"invalid_grant",
	"unauthorized_client",
	"unsupported_grant_type",
	"invalid_scope",
	"authorization_pending",
	"slow_down",
	"access_denied",
	"expired_token",
	"server_error",
	"temporarily_unavailable",
] as const;

function oauthCode(error: AppError): string {
	if ((OAUTH_ERROR_CODES as readonly string[]).includes(error.code)) return error.code;
	if (error.statusCode === 401) return "invalid_client";
	if (error.statusCode === 429) return "slow_down";
	if (error.statusCode === 503) return "temporarily_unavailable";
	if (error.statusCode >= 500) return "server_error";
	return "invalid_request";
}
