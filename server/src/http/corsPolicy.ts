import cors from "@fastify/cors";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Config } from "../config.js";

/**
 * CORS as an allow-list. A browser on a listed origin (CORS_ORIGINS), on PUBLIC_URL's origin, or
 * on this server's own origin (the teacher app served at /) may call every method the API uses,
 * with credentials; any other origin gets no CORS headers at all, so the browser keeps its
 * same-origin wall. Roblox game servers and other non-browser callers send no Origin and are
 * unaffected. Every response varies on Origin.
 *
 * Preflights (OPTIONS) are answered by @fastify/cors with this policy as its delegator, in a
 * context of their own. Every other request gets the same headers @fastify/cors would set from
 * one hook whose header values are fixed at start-up: with a delegator, @fastify/cors rebuilds
 * its options on every request, a few percent of a small request's CPU.
 */
export const corsPlugin = fp<{ config: Config }>(
	async (app: FastifyInstance, { config }) => {
		const allowedOrigin = originPolicy(config);
		await app.register(async (preflights) => {
			await preflights.register(cors, {
				delegator: (request, callback) => {
					const origin = allowedOrigin(request as FastifyRequest);
					callback(null, origin ? { origin, credentials: true, methods: API_METHODS, exposedHeaders: EXPOSED, maxAge: 600 } : { origin: false });
				},
			});
		});
		// Added after the preflight context exists, so it runs on every route but the preflights'.
		app.addHook("onRequest", (request, reply, done) => {
			addOriginToVary(reply.getHeader("vary"), reply);
			const origin = allowedOrigin(request);
			if (origin) reply.header("access-control-allow-origin", origin).header("access-control-allow-credentials", "true").header("access-control-expose-headers", EXPOSED_HEADER);
			done();
		});
	},
	{ name: "cors" },
);

const API_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const EXPOSED = ["x-request-id", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after"];
const EXPOSED_HEADER = EXPOSED.join(", ");

/** The request's origin (normalised) when the allow-list lets it in; else undefined. */
function originPolicy(config: Config): (request: FastifyRequest) => string | undefined {
	const listed = new Set([...(config.CORS_ORIGINS ?? "").split(","), config.PUBLIC_URL ?? ""].map(originOf).filter((o): o is string => o !== undefined));
	return (request) => {
		const header = request.headers.origin;
		if (!header) return undefined;
		const origin = originOf(header);
		return origin !== undefined && (listed.has(origin) || origin === ownOrigin(request)) ? origin : undefined;
	};
}

/** As @fastify/cors: `Vary: Origin` unless the response already varies on it (or on everything). */
function addOriginToVary(vary: unknown, reply: { header(name: string, value: string): unknown }): void {
	if (vary === undefined || vary === "") reply.header("vary", "Origin");
	else if (typeof vary === "string" && vary !== "*" && !vary.split(",").some((v) => ["origin", "*"].includes(v.trim().toLowerCase()))) reply.header("vary", `${vary}, Origin`);
}

/** `https://Example.com:443/x` -> `https://example.com`; undefined for anything that is not an http(s) origin. */
function originOf(value: string): string | undefined {
	if (!value.trim()) return undefined;
	try {
		const url = new URL(value.trim());
		return url.protocol === "http:" || url.protocol === "https:" ? url.origin : undefined;
	} catch {
		return undefined;
	}
}

const ownOrigin = (request: FastifyRequest): string | undefined => originOf(`${request.protocol}://${request.host}`);
