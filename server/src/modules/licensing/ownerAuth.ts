import { and, eq, isNull } from "drizzle-orm";
import type { FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import type { Db } from "../../db/client.js";
import { users } from "../../db/tables.js";
import { bearerToken, isJwt } from "../../http/authenticate.js";
import { unauthorized } from "../../http/errors.js";
import { hashApiKey } from "../../security/apiKeys.js";
import { safeEqual } from "../../security/crypto.js";
import { keyGuessGuard } from "../../security/keyGuessGuard.js";
import { licensingOwnerKeys, licensingProjects } from "./tables.js";

/**
 * Owner API keys: `Authorization: Bearer lo_...` or `X-API-Key: lo_...`. The key is looked up
 * by its SHA-256 digest (unique index) and the digest compared again in constant time. A key
 * belongs to one project; every script route checks the script is in that project (else 404).
 * A key acts on its project owner's authority: while the owner is disabled, or after they were
 * deleted (until an admin re-assigns the project: PUT /projects/:id/owner), it answers 401.
 * Unknown keys count against the caller's address (429 past the per-minute limit).
 */
export const OWNER_KEY_PREFIX = "lo";

export interface LicensingOwner {
	projectId: string;
	keyId: string;
}

declare module "fastify" {
	interface FastifyRequest {
		licensingOwner?: LicensingOwner;
	}
}

export function requireOwnerKey(db: Db): preHandlerAsyncHookHandler {
	return async (request) => {
		const presented = presentedKey(request);
		if (!presented) throw unauthorized("Owner API key required (Authorization: Bearer <owner key> or X-API-Key)");
		const guard = keyGuessGuard(request.server.core, "licensing-owner");
		await guard.check(request.ip, presented);
		const digest = hashApiKey(presented);
		const [row] = await db
			.select({ id: licensingOwnerKeys.id, projectId: licensingOwnerKeys.projectId, keyHash: licensingOwnerKeys.keyHash, ownerStatus: users.status })
			.from(licensingOwnerKeys)
			.innerJoin(licensingProjects, eq(licensingProjects.id, licensingOwnerKeys.projectId))
			.leftJoin(users, eq(users.id, licensingProjects.ownerId))
			.where(and(eq(licensingOwnerKeys.keyHash, digest), isNull(licensingOwnerKeys.revokedAt)));
		if (!row || !safeEqual(row.keyHash, digest)) {
			await guard.fail(request.ip);
			throw unauthorized("Unknown or revoked owner API key");
		}
		if (row.ownerStatus !== "active") throw unauthorized("Owner API key is suspended: the project owner's account is disabled or deleted");
		guard.succeeded(presented);
		request.licensingOwner = { projectId: row.projectId, keyId: row.id };
	};
}

/** The owner behind requireOwnerKey. */
export function owner(request: FastifyRequest): LicensingOwner {
	if (!request.licensingOwner) throw unauthorized();
	return request.licensingOwner;
}

function presentedKey(request: FastifyRequest): string | undefined {
	const header = request.headers["x-api-key"];
	const fromHeader = Array.isArray(header) ? header[0] : header;
	if (fromHeader?.trim()) return fromHeader.trim();
	const bearer = bearerToken(request);
	return bearer && !isJwt(bearer) ? bearer : undefined;
}
