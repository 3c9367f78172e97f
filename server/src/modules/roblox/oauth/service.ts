import { and, eq, isNull, lt, ne } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Db } from "../../../db/client.js";
import { users } from "../../../db/tables.js";
import { audit } from "../../../http/audit.js";
import { conflict } from "../../../http/errors.js";
import type { Principal } from "../../../http/tokens.js";
import { randomToken, safeEqual, type CredentialCipher } from "../../../security/crypto.js";
import { robloxOauthStates, robloxOauthTokens } from "../tables.js";
import type { WebhookDispatch } from "../webhooks/service.js";
import { invalidGrant, oauthError } from "./errors.js";
import { codeChallenge, createCodeVerifier } from "./pkce.js";
import type { RobloxOAuthClient, RobloxTokenResponse, RobloxUserInfo } from "./robloxOAuthClient.js";

export const STATE_TTL_MS = 10 * 60 * 1000;
const DEFAULT_SCOPES = ["openid", "profile"];
const SCOPE = /^[a-z][a-z0-9.-]*(:[a-z]+)?$/;
const CLIENT_STATE = /^[A-Za-z0-9._~-]{32,128}$/;
/** Refresh a stored access token this long before it expires. */
const EXPIRY_MARGIN_MS = 60_000;

export interface TokenView {
	access_token: string;
	token_type: string;
	expires_in: number;
	refresh_token: string | null;
	scope: string;
	user_info: { user_id: string; username: string | null; display_name: string | null };
}

/**
 * OAuth 2.0 authorization code + PKCE against Roblox, linking a Roblox account to a platform user.
 * Guarantees: a state is random (or a caller-chosen value of >= 192 bits), usable once, for 10
 * minutes, only by the user who initiated it; the verifier never leaves the server; tokens are
 * sealed at rest; each refresh stores the rotated refresh token; one Roblox account links to at
 * most one platform user.
 */
export class OAuthService {
	/** One refresh per user at a time: Roblox refresh tokens are single use. */
	private readonly refreshing = new Map<string, Promise<TokenView>>();

	constructor(
		private readonly db: Db,
		private readonly cipher: CredentialCipher,
		private readonly client: RobloxOAuthClient,
		private readonly clock: () => number,
		private readonly webhooks: WebhookDispatch,
	) {}

	async initiate(user: Principal, body: { redirect_uri: string; scopes?: string[]; state?: string }) {
		const scopes = [...new Set(body.scopes ?? DEFAULT_SCOPES)];
		const bad = scopes.find((s) => !SCOPE.test(s));
		if (bad) throw oauthError(400, "invalid_scope", `Scope "${bad}" is not a valid scope`, "malformed_scope");
		if (!scopes.includes("openid")) throw oauthError(400, "invalid_scope", "The openid scope is required to identify the Roblox account", "openid_required");
		if (body.state !== undefined && !CLIENT_STATE.test(body.state)) {
			throw oauthError(400, "invalid_request", "state must be 32-128 URL-safe characters (or omitted to let the server choose)", "weak_state");
		}
		const state = body.state ?? randomToken(32);
		const verifier = createCodeVerifier();
		const authorizationUrl = this.client.authorizationUrl({ redirectUri: body.redirect_uri, scopes, state, challenge: codeChallenge(verifier) });
		const now = this.clock();
		const expiresAt = new Date(now + STATE_TTL_MS);
		// Housekeeping: the caller's long-dead states go (kept a day for error messages).
		await this.db.delete(robloxOauthStates).where(and(eq(robloxOauthStates.userId, user.id), lt(robloxOauthStates.expiresAt, new Date(now - 24 * 3600 * 1000))));
		const inserted = await this.db
			.insert(robloxOauthStates)
			.values({ state, userId: user.id, codeVerifierSealed: this.cipher.seal(verifier), redirectUri: body.redirect_uri, scopes, expiresAt })
			.onConflictDoNothing()
			.returning({ state: robloxOauthStates.state });
		if (inserted.length === 0) throw oauthError(400, "invalid_request", "This state value was already used", "state_reused");
		return { authorization_url: authorizationUrl, state, code_verifier: null, expires_at: expiresAt.toISOString() };
	}

	/** `user:<id>` of whoever started the flow with this state, for the callback's rate limit. */
	async ownerOfState(state: unknown): Promise<string | undefined> {
		if (typeof state !== "string" || state.length === 0 || state.length > 256) return undefined;
		const [row] = await this.db.select({ userId: robloxOauthStates.userId }).from(robloxOauthStates).where(eq(robloxOauthStates.state, state));
		return row ? `user:${row.userId}` : undefined;
	}

	async callback(request: FastifyRequest, query: { code?: string; state: string; error?: string; error_description?: string }): Promise<TokenView> {
		const [row] = await this.db.select().from(robloxOauthStates).where(eq(robloxOauthStates.state, query.state));
		if (!row) throw invalidGrant("Unknown OAuth state", "state_unknown");
		if (row.usedAt) throw invalidGrant("This OAuth state was already used", "state_used");
		if (row.expiresAt.getTime() <= this.clock()) throw invalidGrant("This OAuth state has expired; start again", "state_expired");
		if (request.user && request.user.id !== row.userId) throw invalidGrant("This OAuth state belongs to another user", "state_not_yours");
		const consumed = await this.db
			.update(robloxOauthStates)
			.set({ usedAt: new Date(this.clock()) })
			.where(and(eq(robloxOauthStates.state, row.state), isNull(robloxOauthStates.usedAt)))
			.returning({ state: robloxOauthStates.state });
		if (consumed.length === 0) throw invalidGrant("This OAuth state was already used", "state_used");
		if (query.error) throw oauthError(400, query.error === "access_denied" ? "access_denied" : "invalid_request", query.error_description ?? `Roblox answered ${query.error}`, "authorization_refused");
		if (!query.code) throw oauthError(400, "invalid_request", "The callback carries no code", "code_missing");

		const token = await this.client.exchangeCode(query.code, this.cipher.open(row.codeVerifierSealed), row.redirectUri);
		const info = await this.client.userInfo(token.access_token);
		await this.link(request, row.userId, token, info);
		return view(token, token.refresh_token ?? null, info.sub, info);
	}

	/** Rotates the stored grant. A caller-supplied refresh token must be the stored one. */
	refresh(user: Principal, presented?: string): Promise<TokenView> {
		const running = this.refreshing.get(user.id);
		if (running) return running;
		const work = this.doRefresh(user.id, presented).finally(() => this.refreshing.delete(user.id));
		this.refreshing.set(user.id, work);
		return work;
	}

	async revoke(request: FastifyRequest, user: Principal, token: string, hint?: string) {
		const grant = await this.grant(user.id);
		const access = this.cipher.open(grant.accessTokenSealed);
		const refresh = grant.refreshTokenSealed ? this.cipher.open(grant.refreshTokenSealed) : undefined;
		if (!safeEqual(token, access) && !(refresh && safeEqual(token, refresh))) {
			throw invalidGrant("This token is not your stored Roblox grant", "token_mismatch");
		}
		// Revoking the refresh token ends the whole grant at Roblox; the access token is revoked
		// too when that is what was presented, so neither outlives the request.
		await this.client.revoke(token);
		if (refresh && refresh !== token) await this.client.revoke(refresh);
		await this.db.transaction(async (tx) => {
			await tx.delete(robloxOauthTokens).where(eq(robloxOauthTokens.userId, user.id));
			await audit(tx, request, { action: "roblox.oauth.revoke", targetType: "roblox_account", targetId: grant.robloxUserId, details: { hint: hint ?? null } });
		});
		await this.webhooks.dispatch(user.id, "auth.revoked", { user_id: user.id, roblox_user_id: grant.robloxUserId, token_type_hint: hint ?? null });
		return { revoked: true, token_type_hint: hint ?? null };
	}

	/** A usable access token for the user's Open Cloud calls, refreshed when about to expire. */
	async accessToken(userId: string): Promise<{ token: string; robloxUserId: string } | undefined> {
		const [grant] = await this.db.select().from(robloxOauthTokens).where(eq(robloxOauthTokens.userId, userId));
		if (!grant) return undefined;
		if (grant.expiresAt.getTime() - EXPIRY_MARGIN_MS > this.clock() || !grant.refreshTokenSealed) {
			return { token: this.cipher.open(grant.accessTokenSealed), robloxUserId: grant.robloxUserId };
		}
		const fresh = await this.refresh({ id: userId } as Principal);
		return { token: fresh.access_token, robloxUserId: grant.robloxUserId };
	}

	private async doRefresh(userId: string, presented?: string): Promise<TokenView> {
		const grant = await this.grant(userId);
		if (!grant.refreshTokenSealed) throw invalidGrant("The Roblox grant has no refresh token", "no_refresh_token");
		const stored = this.cipher.open(grant.refreshTokenSealed);
		if (presented !== undefined && !safeEqual(presented, stored)) throw invalidGrant("This refresh token is not the current one (they rotate on every refresh)", "stale_refresh_token");
		const token = await this.client.refresh(stored);
		const next = token.refresh_token ?? stored;
		await this.db
			.update(robloxOauthTokens)
			.set({
				accessTokenSealed: this.cipher.seal(token.access_token),
				refreshTokenSealed: this.cipher.seal(next),
				scope: token.scope || grant.scope,
				expiresAt: new Date(this.clock() + token.expires_in * 1000),
				updatedAt: new Date(this.clock()),
			})
			.where(eq(robloxOauthTokens.userId, userId));
		return view(token, next, grant.robloxUserId, { username: grant.username, displayName: grant.displayName });
	}

	private async grant(userId: string) {
		const [grant] = await this.db.select().from(robloxOauthTokens).where(eq(robloxOauthTokens.userId, userId));
		if (!grant) throw invalidGrant("No Roblox account is linked with a live grant; start with auth/initiate", "no_grant");
		return grant;
	}

	private async link(request: FastifyRequest, userId: string, token: RobloxTokenResponse, info: RobloxUserInfo): Promise<void> {
		const username = info.preferred_username ?? info.name ?? null;
		const displayName = info.nickname ?? info.name ?? null;
		try {
			await this.db.transaction(async (tx) => {
				const [taken] = await tx.select({ id: users.id }).from(users).where(and(eq(users.robloxUserId, info.sub), ne(users.id, userId)));
				if (taken) throw linkedElsewhere();
				await tx.update(users).set({ robloxUserId: info.sub, updatedAt: new Date(this.clock()) }).where(eq(users.id, userId));
				const sealed = {
					robloxUserId: info.sub,
					accessTokenSealed: this.cipher.seal(token.access_token),
					refreshTokenSealed: token.refresh_token ? this.cipher.seal(token.refresh_token) : null,
					scope: token.scope,
					expiresAt: new Date(this.clock() + token.expires_in * 1000),
					username,
					displayName,
					updatedAt: new Date(this.clock()),
				};
				await tx.insert(robloxOauthTokens).values({ userId, ...sealed }).onConflictDoUpdate({ target: robloxOauthTokens.userId, set: sealed });
				await audit(tx, request, { action: "roblox.oauth.link", targetType: "roblox_account", targetId: info.sub, actor: { kind: "user", id: userId } });
			});
		} catch (error) {
			// Two users finishing the flow for one account at once: the unique index decides.
			if ((error as { code?: string }).code === "23505" || (error as { cause?: { code?: string } }).cause?.code === "23505") throw linkedElsewhere();
			throw error;
		}
	}
}

const linkedElsewhere = () => conflict("This Roblox account is already linked to another user", { reason: "roblox_account_linked" });

function view(token: RobloxTokenResponse, refresh: string | null, robloxUserId: string, info: { username?: string | null; displayName?: string | null; preferred_username?: string; nickname?: string; name?: string }): TokenView {
	return {
		access_token: token.access_token,
		token_type: token.token_type || "Bearer",
		expires_in: token.expires_in,
		refresh_token: refresh,
		scope: token.scope,
		user_info: {
			user_id: robloxUserId,
			username: info.username ?? info.preferred_username ?? info.name ?? null,
			display_name: info.displayName ?? info.nickname ?? info.name ?? null,
		},
	};
}
