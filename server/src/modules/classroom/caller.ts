import { and, eq, isNull, sql } from "drizzle-orm";
import type { FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import type { Config } from "../../config.js";
import type { Db } from "../../db/client.js";
import { apiKeys, users as userTable } from "../../db/tables.js";
import { bearerToken, isJwt } from "../../http/authenticate.js";
import { forbidden, unauthorized } from "../../http/errors.js";
import type { RateCategory } from "../../http/rateCategories.js";
import type { Principal } from "../../http/tokens.js";
import { hashApiKey } from "../../security/apiKeys.js";
import { keyGuessGuard } from "../../security/keyGuessGuard.js";

/**
 * Who calls the classroom API: a teacher or admin with their JWT, or a game server with a
 * place key (`Authorization: Bearer place_...`). Both are bound to exactly one school, and every
 * handler scopes its queries to `caller.schoolId`. A place key acts on its minting user's
 * authority (`ownerId`): it stops while that user is disabled, and once they are deleted, until
 * an admin re-assigns the key (PUT /place-keys/:id/owner).
 */
export type Caller =
	| { kind: "user"; id: string; role: "teacher" | "admin"; schoolId: string; principal: Principal }
	| { kind: "place"; id: string; schoolId: string; universeId: string; placeId: string; ownerId: string };

export const PLACE_KEY_KIND = "place";
export const PLACE_KEY_PREFIX = "place";

declare module "fastify" {
	interface FastifyRequest {
		classroomCaller?: Caller;
	}
}

/**
 * Resolves the caller. `users: false` refuses JWTs, `places: false` refuses place keys. Unknown
 * place keys count against the caller's address (see KeyGuessGuard): past the limit, 429.
 */
export function requireCaller(db: () => Db, accept: { users?: boolean; places?: boolean } = {}): preHandlerAsyncHookHandler {
	return async (request) => {
		const token = bearerToken(request);
		if (!token) throw unauthorized("Send Authorization: Bearer <access token or place key>");
		request.classroomCaller = await guardedCaller(request.server.core, request.ip, db(), token, request.user, accept);
	};
}

/** resolveCaller behind the place-key guessing throttle (HTTP routes and the WebSocket auth). */
export async function guardedCaller(
	core: Parameters<typeof keyGuessGuard>[0],
	ip: string,
	db: Db,
	token: string,
	user: Principal | undefined,
	accept: { users?: boolean; places?: boolean } = {},
): Promise<Caller> {
	if (isJwt(token)) return resolveCaller(db, token, user, accept);
	const guard = keyGuessGuard(core, "place");
	await guard.check(ip, token);
	try {
		const caller = await resolveCaller(db, token, user, accept);
		guard.succeeded(token);
		return caller;
	} catch (error) {
		if ((error as { statusCode?: number }).statusCode === 401) await guard.fail(ip);
		throw error;
	}
}

/**
 * A bearer token -> the caller. `user` is the principal already verified from a JWT (undefined
 * when the JWT was invalid). Throws 401 for unknown or revoked credentials, 403 for a valid
 * credential that may not use the route.
 */
export async function resolveCaller(db: Db, token: string, user: Principal | undefined, accept: { users?: boolean; places?: boolean } = {}): Promise<Caller> {
	const { users = true, places = true } = accept;
	if (isJwt(token)) {
		if (!user) throw unauthorized("Access token is invalid or expired");
		if (!users) throw forbidden("This route takes a place key");
		if (user.role !== "teacher" && user.role !== "admin") throw forbidden("Requires role teacher or admin");
		if (!user.schoolId) throw forbidden("Your account is not attached to a school");
		return { kind: "user", id: user.id, role: user.role, schoolId: user.schoolId, principal: user };
	}
	const [key] = await placeKeyQuery(db).execute({ hash: hashApiKey(token) });
	if (!key || !key.schoolId) throw unauthorized("Place key is invalid or revoked");
	// Read per request (no cache): a disabled or deleted minter stops the key at once.
	if (!key.ownerId || key.ownerStatus !== "active") throw unauthorized("Place key is suspended: the account that minted it is disabled or deleted");
	if (!places) throw forbidden("This route takes a teacher's access token");
	return { kind: "place", id: key.id, schoolId: key.schoolId, universeId: String(key.scope.universeId ?? ""), placeId: String(key.scope.placeId ?? ""), ownerId: key.ownerId };
}

export function callerOf(request: FastifyRequest): Caller {
	if (!request.classroomCaller) throw unauthorized();
	return request.classroomCaller;
}

/** For `created_by` columns and audit entries. */
export const actorLabel = (caller: Caller): string => `${caller.kind === "user" ? "user" : "api_key"}:${caller.id}`;

export const auditActor = (caller: Caller) => ({ kind: caller.kind === "user" ? ("user" as const) : ("api_key" as const), id: caller.id });

/**
 * Per-route rate limit for the classroom API: teachers keep their tier's hourly limit (keyed by
 * user); a place key gets its own budget sized for a game server (keyed by the key's digest),
 * instead of the anonymous per-IP limit that would throttle every server behind one NAT.
 * Teachers also spend the spec's per-minute category budget (../../http/rateCategories.ts).
 */
export function classroomRateLimit(config: Config, rateCategory: RateCategory = "dataOperations") {
	const tiers: Record<string, number> = { standard: config.RATE_LIMIT_STANDARD, premium: config.RATE_LIMIT_PREMIUM, enterprise: config.RATE_LIMIT_ENTERPRISE };
	return {
		rateCategory,
		rateLimit: {
			timeWindow: "1 hour",
			keyGenerator: (request: FastifyRequest) => {
				if (request.user) return `user:${request.user.id}`;
				const token = bearerToken(request);
				return token && !isJwt(token) ? `place:${hashApiKey(token).slice(0, 32)}` : `ip:${request.ip}`;
			},
			max: (request: FastifyRequest, key: string) =>
				request.user ? (tiers[request.user.tier] ?? config.RATE_LIMIT_STANDARD) : key.startsWith("place:") ? config.CLASSROOM_PLACE_KEY_RATE_LIMIT : config.RATE_LIMIT_ANONYMOUS,
		},
	};
}

/** A place key's row and its minter's status, by digest: built once per database, as every place-key request runs it. */
function placeKeyQuery(db: Db): PlaceKeyQuery {
	let query = placeKeyQueries.get(db);
	if (!query) placeKeyQueries.set(db, (query = buildPlaceKeyQuery(db)));
	return query;
}

type PlaceKeyQuery = ReturnType<typeof buildPlaceKeyQuery>;
const placeKeyQueries = new WeakMap<Db, PlaceKeyQuery>();

function buildPlaceKeyQuery(db: Db) {
	return db
		.select({ id: apiKeys.id, schoolId: apiKeys.schoolId, scope: apiKeys.scope, ownerId: userTable.id, ownerStatus: userTable.status })
		.from(apiKeys)
		.leftJoin(userTable, eq(userTable.id, apiKeys.ownerId))
		.where(and(eq(apiKeys.keyHash, sql.placeholder("hash")), eq(apiKeys.kind, PLACE_KEY_KIND), isNull(apiKeys.revokedAt)))
		.prepare("classroom_place_key");
}
