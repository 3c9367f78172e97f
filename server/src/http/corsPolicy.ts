import type { FastifyCorsOptions } from "@fastify/cors";
import type { FastifyRequest } from "fastify";
import type { Config } from "../config.js";

/**
 * CORS as an allow-list. A browser on a listed origin (CORS_ORIGINS), on PUBLIC_URL's origin, or
 * on this server's own origin (the teacher app served at /) may call every method the API uses,
 * with credentials; any other origin gets no CORS headers at all, so the browser keeps its
 * same-origin wall. Roblox game servers and other non-browser callers send no Origin and are
 * unaffected.
 */
export const API_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const EXPOSED = ["x-request-id", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after"];

export function corsOptions(config: Config): FastifyCorsOptions {
	const listed = new Set([...(config.CORS_ORIGINS ?? "").split(","), config.PUBLIC_URL ?? ""].map(originOf).filter((o): o is string => o !== undefined));
	return {
		delegator: (request, callback) => {
			const origin = originOf(request.headers.origin ?? "");
			const allowed = origin !== undefined && (listed.has(origin) || origin === ownOrigin(request as FastifyRequest));
			callback(null, allowed ? { origin, credentials: true, methods: API_METHODS, exposedHeaders: EXPOSED, maxAge: 600 } : { origin: false });
		},
	};
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
