/**
 * One error type for the whole backend. A handler throws `AppError`; each module's error
 * style (see errorStyles.ts) turns it into that module's spec envelope. Codes are stable:
 * clients branch on them, so never rename one.
 */
export class AppError extends Error {
	constructor(
		readonly statusCode: number,
		readonly code: string,
		message: string,
		readonly details?: unknown,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
		this.name = "AppError";
	}
}

export const badRequest = (message: string, details?: unknown) =>
	new AppError(400, "VALIDATION_ERROR", message, details);
export const unauthorized = (message = "Authentication required") => new AppError(401, "UNAUTHORIZED", message);
export const forbidden = (message = "You do not have permission to do this") =>
	new AppError(403, "FORBIDDEN", message);
export const notFound = (what = "Resource") => new AppError(404, "NOT_FOUND", `${what} not found`);
export const conflict = (message: string, details?: unknown) => new AppError(409, "CONFLICT", message, details);
export const rateLimited = (retryAfterSeconds: number) =>
	new AppError(429, "RATE_LIMITED", `Rate limit exceeded, retry in ${retryAfterSeconds} seconds`, undefined, {
		"retry-after": String(retryAfterSeconds),
	});
export const notImplemented = (message: string) => new AppError(501, "NOT_IMPLEMENTED", message);
export const upstreamError = (code: string, message: string, details?: unknown) =>
	new AppError(502, code, message, details);
export const serviceUnavailable = (message: string) => new AppError(503, "SERVICE_UNAVAILABLE", message);
