import type { FastifyRequest } from "fastify";

export type KeySource = "header" | "body";

/**
 * The key a caller presented, as the spec allows it: `Authorization: Bearer <key>` or the raw
 * `Authorization: <key>` (scheme case-insensitive), or, for POST only and only when no
 * Authorization header was sent, the deprecated body field `security`. A header always wins,
 * even a malformed one (so a bad header never silently falls back to the body).
 */
export function presentedKey(request: FastifyRequest): { key?: string; source?: KeySource } {
	const header = request.headers.authorization;
	if (typeof header === "string" && header.trim() !== "") {
		const value = header.trim();
		const bearer = /^bearer\s+(\S+)$/i.exec(value);
		if (bearer) return { key: bearer[1], source: "header" };
		if (/^\S+$/.test(value) && !/^bearer$/i.test(value)) return { key: value, source: "header" };
		return { source: "header" };
	}
	if (request.method === "POST" && request.body && typeof request.body === "object" && !Array.isArray(request.body)) {
		const security = (request.body as Record<string, unknown>).security;
		if (typeof security === "string" && security !== "") return { key: security, source: "body" };
	}
	return {};
}
