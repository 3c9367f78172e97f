import type { JWTPayload } from "jose";

const MAX_ENTRIES = 10_000;

/**
 * Access tokens whose signature already checked out, with their claims, until they expire: a
 * client sends the same token on every request for its lifetime, and jose verifies HS256
 * through WebCrypto (an asynchronous job per call, ~12% of the server's CPU on a read route).
 * Keyed by the whole token, signature included, so only a token that verified can ever hit;
 * expiry is checked on every hit exactly as jose does. The auth epoch is still checked per
 * request by the caller. Bounded: the oldest entries go first.
 */
export class VerifiedTokens {
	private readonly entries = new Map<string, JWTPayload & { exp: number }>();

	get(token: string): JWTPayload | undefined {
		const payload = this.entries.get(token);
		if (!payload) return undefined;
		if (payload.exp <= Math.floor(Date.now() / 1000)) {
			this.entries.delete(token);
			return undefined;
		}
		return payload;
	}

	remember(token: string, payload: JWTPayload): void {
		if (typeof payload.exp !== "number") return;
		if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
		this.entries.set(token, payload as JWTPayload & { exp: number });
	}
}
