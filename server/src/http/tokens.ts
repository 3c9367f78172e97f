import { createSecretKey, randomUUID, type KeyObject } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { SignJWT, jwtVerify, type JWTPayload } from "jose";
import type { Db } from "../db/client.js";
import { refreshTokens, users, type Role, type Tier } from "../db/tables.js";
import { randomToken, sha256Hex } from "../security/crypto.js";
import type { AuthEpochs, Standing } from "./authEpochs.js";
import { unauthorized } from "./errors.js";
import { VerifiedTokens } from "./verifiedTokens.js";

/** Who is calling, as carried in an access token. */
export interface Principal {
	id: string;
	role: Role;
	schoolId: string | null;
	tier: Tier;
	/** The user's auth epoch the token was issued at (see authEpochs.ts). */
	epoch?: number;
	/** When the access token stops working (ms since the epoch); sockets close then. */
	expiresAt?: number;
}

export interface TokenPair {
	access_token: string;
	refresh_token: string;
	token_type: "Bearer";
	expires_in: number;
}

/**
 * Short-lived HS256 access JWTs plus opaque rotating refresh tokens. A refresh token is single
 * use: refreshing returns a new pair and marks the old one rotated; presenting a rotated token
 * again means it was stolen, so its whole family is revoked. An access token also stops working
 * as soon as its user's auth epoch moves on (disabled, demoted, deleted, password changed).
 */
export class TokenService {
	/** Imported once: jose would import a raw Uint8Array secret again on every sign and verify. */
	private readonly key: KeyObject;
	private readonly verified = new VerifiedTokens();

	constructor(
		private readonly db: Db,
		secret: string,
		private readonly accessTtl: number,
		private readonly refreshTtl: number,
		private readonly epochs: AuthEpochs,
	) {
		this.key = createSecretKey(Buffer.from(secret, "utf8"));
	}

	async issue(principal: Principal, familyId: string = randomUUID()): Promise<TokenPair> {
		// Read uncached: a token minted from a stale epoch would die within a second of issue.
		const epoch = principal.epoch ?? (await this.epochs.standing(principal.id, { fresh: true }))?.epoch ?? 0;
		const access = await new SignJWT({ role: principal.role, sch: principal.schoolId, tier: principal.tier, ep: epoch })
			.setProtectedHeader({ alg: "HS256" })
			.setSubject(principal.id)
			.setIssuedAt()
			.setJti(randomUUID())
			.setExpirationTime(`${this.accessTtl}s`)
			.sign(this.key);
		const refresh = randomToken(32);
		await this.db.insert(refreshTokens).values({
			userId: principal.id,
			familyId,
			tokenHash: sha256Hex(refresh),
			expiresAt: new Date(Date.now() + this.refreshTtl * 1000),
		});
		return { access_token: access, refresh_token: refresh, token_type: "Bearer", expires_in: this.accessTtl };
	}

	/**
	 * Returns the principal of a valid access token, or undefined: bad signature, expired, or
	 * issued at an older auth epoch than the user's current one (or the user is gone/disabled).
	 * Tokens issued before epochs existed carry none and count as epoch 0.
	 */
	async verifyAccess(token: string): Promise<Principal | undefined> {
		let payload = this.verified.get(token);
		if (!payload) {
			try {
				({ payload } = await jwtVerify(token, this.key, { algorithms: ["HS256"] }));
			} catch {
				return undefined;
			}
			this.verified.remember(token, payload);
		}
		if (typeof payload.sub !== "string") return undefined;
		return principalOf(payload.sub, payload, await this.epochs.standing(payload.sub));
	}

	/**
	 * verifyAccess's answer when it needs no await: the token verified before and the user's
	 * standing is cached (AuthEpochs' 1 s). `null` is a refusal; `undefined` means "ask verifyAccess".
	 * Lets the authentication hook answer most requests without a promise.
	 */
	knownAccess(token: string): Principal | null | undefined {
		const payload = this.verified.get(token);
		if (!payload) return undefined;
		if (typeof payload.sub !== "string") return null;
		const cached = this.epochs.cachedStanding(payload.sub);
		if (!cached) return undefined;
		return principalOf(payload.sub, payload, cached.standing) ?? null;
	}

	/** Whether a principal from verifyAccess still holds (for long-lived sockets). */
	async stillValid(principal: Principal): Promise<boolean> {
		if (principal.expiresAt !== undefined && principal.expiresAt <= Date.now()) return false;
		const standing = await this.epochs.standing(principal.id, { fresh: true });
		return standing?.active === true && standing.epoch === (principal.epoch ?? 0);
	}

	async rotate(refreshToken: string): Promise<TokenPair> {
		const hash = sha256Hex(refreshToken);
		const [row] = await this.db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, hash));
		if (!row || row.revokedAt || row.expiresAt.getTime() <= Date.now()) throw unauthorized("Refresh token is invalid or expired");
		// Claim the token atomically: only one concurrent refresh wins.
		const claimed = await this.db
			.update(refreshTokens)
			.set({ rotatedAt: new Date() })
			.where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.rotatedAt)))
			.returning({ id: refreshTokens.id });
		if (claimed.length === 0) {
			await this.revokeFamily(row.familyId);
			throw unauthorized("Refresh token was already used; all sessions from it are signed out");
		}
		const [user] = await this.db.select().from(users).where(eq(users.id, row.userId));
		if (!user || user.status !== "active") throw unauthorized("Account is disabled");
		return this.issue({ id: user.id, role: user.role, schoolId: user.schoolId, tier: user.tier, epoch: user.authEpoch }, row.familyId);
	}

	/** Logout: the refresh token's family stops working. Unknown tokens are ignored. */
	async revoke(refreshToken: string): Promise<void> {
		const [row] = await this.db
			.select({ familyId: refreshTokens.familyId })
			.from(refreshTokens)
			.where(eq(refreshTokens.tokenHash, sha256Hex(refreshToken)));
		if (row) await this.revokeFamily(row.familyId);
	}

	async revokeAllForUser(userId: string): Promise<void> {
		await this.db.update(refreshTokens).set({ revokedAt: new Date() }).where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
	}

	private async revokeFamily(familyId: string): Promise<void> {
		await this.db.update(refreshTokens).set({ revokedAt: new Date() }).where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
	}
}

/** The principal of verified claims, if the user's standing still honours them (active, same epoch). */
function principalOf(userId: string, payload: JWTPayload, standing: Standing | undefined): Principal | undefined {
	const epoch = typeof payload.ep === "number" ? payload.ep : 0;
	if (!standing?.active || standing.epoch !== epoch) return undefined;
	return {
		id: userId,
		role: payload.role as Role,
		schoolId: (payload.sch as string | null) ?? null,
		tier: (payload.tier as Tier) ?? "standard",
		epoch,
		expiresAt: typeof payload.exp === "number" ? payload.exp * 1000 : undefined,
	};
}
