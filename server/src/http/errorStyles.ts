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
