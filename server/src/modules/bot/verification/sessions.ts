import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { randomToken } from "../../../security/crypto.js";
import { botVerificationSessions, botVerifications } from "../tables.js";

export const SESSION_TTL_MS = 10 * 60 * 1000;

/** Starts a verification for a Discord user: a 24-hex state and a PKCE verifier. */
export async function startSession(db: Db, workspaceId: string, discordUserId: string, now: number) {
	const sessionToken = randomBytes(12).toString("hex");
	const codeVerifier = randomToken(48);
	const expiresAt = new Date(now + SESSION_TTL_MS);
	await db.insert(botVerificationSessions).values({ workspaceId, discordUserId, sessionToken, codeVerifier, expiresAt });
	const codeChallenge = createHash("sha256").update(codeVerifier).digest("base64url");
	return { sessionToken, expiresAt, codeChallenge };
}

/**
 * Claims a session exactly once: the conditional update means two callbacks racing on the
 * same state cannot both win, and a failed exchange still burns the state.
 */
export async function claimSession(db: Db, sessionToken: string, now: number) {
	const [row] = await db
		.update(botVerificationSessions)
		.set({ usedAt: new Date(now) })
		.where(and(eq(botVerificationSessions.sessionToken, sessionToken), isNull(botVerificationSessions.usedAt), gt(botVerificationSessions.expiresAt, new Date(now))))
		.returning();
	return row;
}

/** Writes (or replaces) the Discord user's Roblox link. */
export async function writeLink(db: Db, link: { discordUserId: string; robloxUserId: string; displayName: string; workspaceId: string }, now: number): Promise<void> {
	const values = { robloxUserId: link.robloxUserId, robloxDisplayName: link.displayName.slice(0, 100), workspaceId: link.workspaceId, verifiedAt: new Date(now) };
	await db
		.insert(botVerifications)
		.values({ discordUserId: link.discordUserId, ...values })
		.onConflictDoUpdate({ target: botVerifications.discordUserId, set: values });
}
