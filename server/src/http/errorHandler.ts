import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "../db/unavailable.js";
import { JobQueueUnavailableError } from "../jobs/queue.js";
import { AppError, notFound } from "./errors.js";
import type { ErrorStyle } from "./errorStyles.js";

/** Redis usually comes back within seconds (a restart, a failover). */
const JOB_QUEUE_RETRY_AFTER_SECONDS = 5;

/**
 * Installs the error and not-found handlers for one encapsulated Fastify context, so every
 * failure under it (validation, body parsing, rate limit, a thrown AppError, a bug) leaves in
 * that module's envelope with a stable code. Client mistakes never become a 500.
 */
export function installErrorHandler(app: FastifyInstance, style: ErrorStyle): void {
	app.setErrorHandler((error: FastifyError, request, reply) => {
		const appError = toAppError(error);
		if (appError.statusCode >= 500) request.log.error({ err: error }, "request failed");
		else request.log.info({ code: appError.code, message: appError.message }, "request rejected");
		send(reply, request, appError, style);
	});
	app.setNotFoundHandler((request, reply) => {
		send(reply, request, notFound(`Route ${request.method} ${request.url.split("?")[0]}`), style);
	});
}

/** Maps what Fastify and its plugins throw onto the stable codes. */
export function toAppError(error: FastifyError | AppError | Error): AppError {
	if (error instanceof AppError) return error;
	const e = error as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
	if (e.validation) return validationError(e.validation, e.validationContext ?? "body");
	switch (e.code) {
		case "FST_ERR_CTP_BODY_TOO_LARGE":
			return new AppError(413, "PAYLOAD_TOO_LARGE", "Request body is too large");
		case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
			return new AppError(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json");
		case "FST_ERR_CTP_EMPTY_JSON_BODY":
			return new AppError(400, "VALIDATION_ERROR", "Request body must not be empty when Content-Type is JSON");
		case "FST_ERR_CTP_INVALID_JSON_BODY":
			return new AppError(400, "VALIDATION_ERROR", "Request body is not valid JSON");
	}
	if (e.statusCode === 429) {
		const retry = Number((e as { retryAfter?: number }).retryAfter ?? 60);
		return new AppError(429, "RATE_LIMITED", e.message || "Rate limit exceeded", undefined, {
			"retry-after": String(Math.max(1, Math.ceil(retry))),
		});
	}
	if (e instanceof SyntaxError || (e.statusCode === 400 && /JSON/i.test(e.message))) {
		return new AppError(400, "VALIDATION_ERROR", "Request body is not valid JSON");
	}
	if (typeof e.statusCode === "number" && e.statusCode >= 400 && e.statusCode < 500) {
		// e.g. secure-json-parse refusing a `__proto__` key: still name what was wrong.
		const details = e.statusCode === 400 ? { field: "body", issue: e.message } : undefined;
		return new AppError(e.statusCode, statusCode(e.statusCode), e.message, details);
	}
	if (error instanceof JobQueueUnavailableError) {
		return new AppError(503, "SERVICE_UNAVAILABLE", "Background jobs are unavailable; retry shortly", undefined, { "retry-after": String(JOB_QUEUE_RETRY_AFTER_SECONDS) });
	}
	if (isDatabaseUnavailable(error)) {
		return new AppError(503, "SERVICE_UNAVAILABLE", "The database is unavailable; retry shortly", undefined, {
			"retry-after": String(DATABASE_RETRY_AFTER_SECONDS),
		});
	}
	return new AppError(500, "INTERNAL_ERROR", "An unexpected error occurred");
}

interface ValidationIssue {
	instancePath: string;
	message?: string;
	keyword: string;
	params: Record<string, unknown>;
}

function validationError(issues: ValidationIssue[], context: string): AppError {
	const first = issues[0];
	const field = fieldOf(first);
	const message = field ? `${context}.${field} ${first.message ?? "is invalid"}` : `${context} ${first.message ?? "is invalid"}`;
	return new AppError(400, "VALIDATION_ERROR", message, {
		field: field || context,
		issue: first.message ?? "is invalid",
		errors: issues.slice(0, 10).map((i) => ({ field: fieldOf(i) || context, issue: i.message ?? i.keyword })),
	});
}

/** `/user/email` -> `user.email`; a missing required property is named by its own name. */
function fieldOf(issue: ValidationIssue | undefined): string {
	if (!issue) return "";
	const path = issue.instancePath.replace(/^\//, "").replace(/\//g, ".");
	const extra =
		(issue.params.missingProperty as string | undefined) ?? (issue.params.additionalProperty as string | undefined);
	return extra ? (path ? `${path}.${extra}` : extra) : path;
}

function statusCode(status: number): string {
	const codes: Record<number, string> = {
		400: "VALIDATION_ERROR",
		401: "UNAUTHORIZED",
		403: "FORBIDDEN",
		404: "NOT_FOUND",
		405: "METHOD_NOT_ALLOWED",
		406: "NOT_ACCEPTABLE",
		409: "CONFLICT",
		413: "PAYLOAD_TOO_LARGE",
		415: "UNSUPPORTED_MEDIA_TYPE",
	};
	return codes[status] ?? "BAD_REQUEST";
}

function send(reply: FastifyReply, request: FastifyRequest, error: AppError, style: ErrorStyle): void {
	reply.code(error.statusCode).headers(error.headers).send(style(error, request));
}
