import type { FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import type { Role } from "../db/tables.js";
import { forbidden, unauthorized } from "./errors.js";
import type { Principal } from "./tokens.js";

/** Route guard: the caller must carry a valid access token, and hold one of `roles` if given. */
export function requireUser(...roles: Role[]): preHandlerAsyncHookHandler {
	return async (request) => {
		const user = request.user;
		if (!user) throw unauthorized();
		if (roles.length > 0 && !roles.includes(user.role)) throw forbidden(`Requires role ${roles.join(" or ")}`);
	};
}

/** The caller, for handlers behind requireUser. */
export function principal(request: FastifyRequest): Principal {
	if (!request.user) throw unauthorized();
	return request.user;
}

/** `Authorization: Bearer <token>` (scheme case-insensitive) -> token. */
export function bearerToken(request: FastifyRequest): string | undefined {
	const header = request.headers.authorization;
	if (!header) return undefined;
	const match = /^bearer\s+(.+)$/i.exec(header.trim());
	return match?.[1]?.trim();
}

export const isJwt = (token: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);
