import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import helmet, { type HelmetOptions } from "helmet";

/**
 * The headers every response carries, stamped by one onSend hook:
 * - `X-Request-ID`, the request's id (requestId.ts), so a client can quote it;
 * - helmet's security headers on what a browser renders or runs (the teacher app, /docs, any
 *   HTML, script or style), computed once at start-up from helmet itself; JSON API responses
 *   carry only `X-Content-Type-Options: nosniff`, so a browser never sniffs them into something
 *   else. @fastify/helmet builds helmet's middleware again on every request, for every route.
 */
export const responseHeadersPlugin = fp<{ helmet?: HelmetOptions }>(
	async (app: FastifyInstance, options) => {
		const browser = Object.entries(helmetHeaders(options.helmet ?? {}));
		app.addHook("onSend", (request, reply, payload, done) => {
			reply.header("x-request-id", request.id);
			const type = reply.getHeader("content-type");
			if (typeof type === "string" && type.startsWith("application/json")) reply.header("x-content-type-options", "nosniff");
			else for (const [name, value] of browser) reply.header(name, value);
			done(null, payload);
		});
	},
	{ name: "response-headers" },
);

/** The headers helmet's middleware sets with these options (it sets the same ones on every response). */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
	const headers: Record<string, string> = {};
	const response = {
		setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = String(value)),
		removeHeader: (name: string) => void delete headers[name.toLowerCase()],
	};
	helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => {});
	return headers;
}
