import { randomUUID } from "node:crypto";
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from "fastify";
import fp from "fastify-plugin";
import { areaOf, type AreaPrefix } from "./errorAreas.js";
import { toAppError } from "./errorHandler.js";
import { AppError, badRequest } from "./errors.js";

/**
 * The input layer every request passes before its schema: text PostgreSQL cannot store (NUL),
 * that no field means (the other C0 controls; tab, newline and carriage return are allowed in JSON
 * bodies, where free text lives, never in a query or path) and unpaired UTF-16 surrogates
 * (jsonb refuses them) are refused with a 400 naming the field, in the area's envelope; so are
 * bodies nested deeper than MAX_DEPTH. Keys are checked like values. Bounds on numbers and the
 * strict date-time format live in the schemas (schemaTypes.ts, validation.ts).
 */
export const hostileInputPlugin = fp(
	async (app: FastifyInstance) => {
		app.addHook("preValidation", (request, _reply, done) => {
			done(refusal("params", request.params, false) ?? refusal("querystring", request.query, false) ?? refusal("body", request.body, true));
		});
	},
	{ name: "hostile-input" },
);

/** JSON nesting no route needs; deeper bodies are refused before any code walks them. */
export const MAX_DEPTH = 32;

/**
 * Server options that route Fastify's own early refusals (a path parameter over 100
 * characters, a malformed URL, oversized headers, a malformed request) into the envelope of
 * the area the URL belongs to, instead of Fastify's bare `{ statusCode, error, message }`.
 */
export function earlyErrorOptions(areas: readonly AreaPrefix[]): Pick<FastifyServerOptions, "frameworkErrors" | "clientErrorHandler"> {
	return {
		frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
			const appError =
				error.code === "FST_ERR_MAX_PARAM_LENGTH"
					? new AppError(414, "URI_TOO_LONG", "A path parameter is longer than 100 characters", { field: "params", issue: "longer than 100 characters" })
					: error.code === "FST_ERR_BAD_URL"
						? badRequest("The URL is not a valid URL component", { field: "url", issue: "malformed percent-encoding" })
						: toAppError(error);
			void reply
				.code(appError.statusCode)
				.headers({ ...appError.headers, "x-request-id": request.id })
				.send(areaOf(request.url, areas).style(appError, request));
		},
		clientErrorHandler: (error: Error & { code?: string; rawPacket?: unknown }, socket: Socket) => {
			if (error.code === "ECONNRESET" || socket.destroyed) return;
			const appError =
				error.code === "HPE_HEADER_OVERFLOW"
					? new AppError(431, "HEADERS_TOO_LARGE", "Request headers are too large")
					: error.code === "ERR_HTTP_REQUEST_TIMEOUT"
						? new AppError(408, "REQUEST_TIMEOUT", "The request was not received in time")
						: new AppError(400, "BAD_REQUEST", "Malformed HTTP request");
			const id = `req_${randomUUID().replace(/-/g, "")}`;
			const url = requestLineUrl(error.rawPacket);
			const body = JSON.stringify(areaOf(url, areas).style(appError, { id } as FastifyRequest));
			if (socket.writable) {
				socket.write(
					`HTTP/1.1 ${appError.statusCode} ${STATUS_CODES[appError.statusCode]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
						`Content-Length: ${Buffer.byteLength(body)}\r\nx-request-id: ${id}\r\nConnection: close\r\n\r\n${body}`,
				);
			}
			socket.destroy(error);
		},
	};
}

/** Where a value breaks the layer's rules, as the field path and what is wrong; else undefined. */
export function findHostileValue(value: unknown, allowLineBreaks: boolean, path = "", depth = 0): { field: string; issue: string } | undefined {
	const hit = scan(value, allowLineBreaks, depth);
	return hit && { field: hit.segments.reduceRight(join, path), issue: hit.issue };
}

/** A refusal and the path to it, innermost segment first: paths are only built for a refusal. */
interface Hit {
	segments: string[];
	issue: string;
}

function scan(value: unknown, allowLineBreaks: boolean, depth: number): Hit | undefined {
	if (typeof value === "string") {
		const issue = textIssue(value, allowLineBreaks);
		return issue ? { segments: [], issue } : undefined;
	}
	if (typeof value !== "object" || value === null) return undefined;
	if (depth >= MAX_DEPTH) return { segments: [], issue: `is nested deeper than ${MAX_DEPTH} levels` };
	if (Array.isArray(value)) {
		for (let i = 0; i < value.length; i++) {
			const hit = scan(value[i], allowLineBreaks, depth + 1);
			if (hit) return within(hit, String(i));
		}
		return undefined;
	}
	for (const key of Object.keys(value)) {
		const keyIssue = textIssue(key, false);
		if (keyIssue) return { segments: [key], issue: `has a key that ${keyIssue}` };
		const hit = scan((value as Record<string, unknown>)[key], allowLineBreaks, depth + 1);
		if (hit) return within(hit, key);
	}
	return undefined;
}

function within(hit: Hit, segment: string): Hit {
	hit.segments.push(segment);
	return hit;
}

function refusal(part: "params" | "querystring" | "body", value: unknown, allowLineBreaks: boolean): AppError | undefined {
	if (value === undefined || value === null || Buffer.isBuffer(value)) return undefined;
	const found = findHostileValue(value, allowLineBreaks);
	if (!found) return undefined;
	const field = found.field || part;
	return badRequest(`${found.field ? `${part}.${found.field}` : part} ${found.issue}`, { field, issue: found.issue });
}

// C0 controls; tab (09), newline (0A) and carriage return (0D) are text in a body.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const CONTROL_OR_BREAK = /[\u0000-\u001F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Any character one of the rules looks at: text without one (nearly all text) needs one test. */
const SUSPECT = /[\u0000-\u001F\uD800-\uDFFF]/;

function textIssue(text: string, allowLineBreaks: boolean): string | undefined {
	if (!SUSPECT.test(text)) return undefined;
	if (text.includes("\u0000")) return "must not contain NUL (\\u0000)";
	if ((allowLineBreaks ? CONTROL : CONTROL_OR_BREAK).test(text)) return "must not contain control characters";
	if (LONE_SURROGATE.test(text)) return "must not contain unpaired UTF-16 surrogates";
	return undefined;
}

function join(path: string, key: string): string {
	return path ? `${path}.${key}` : key;
}

/** `GET /v2/x?y HTTP/1.1` -> `/v2/x?y`; the path decides the envelope of a refusal. */
function requestLineUrl(raw: unknown): string {
	const line = Buffer.isBuffer(raw) ? raw.subarray(0, 2048).toString("latin1").split("\r\n", 1)[0] : "";
	return line.split(" ")[1] ?? "/";
}
