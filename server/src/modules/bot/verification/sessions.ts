import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { randomToken } from "../../../security/crypto.js";
import { botAccountLinks, botVerificationSessions } from "../tables.js";

export const SESSION_TTL_MS = 10 * 60 * 1000;

/**
 * Starts a verification for a Discord user. Two legs, each with its own 24-hex single-use state
 * and PKCE verifier: Discord first (the user proves they are `discordUserId` and a member of one
 * of the workspace's guilds), then Roblox. Only the Discord leg's state is handed out here; the
 * Roblox state travels in the redirect after the Discord leg succeeded.
 */
export async function startSession(db: Db, workspaceId: string, discordUserId: string, now: number) {
	const discordState = randomBytes(12).toString("hex");
	const discordCodeVerifier = randomToken(48);
	const expiresAt = new Date(now + SESSION_TTL_MS);
	await db.insert(botVerificationSessions).values({
		workspaceId,
		discordUserId,
		sessionToken: randomBytes(12).toString("hex"),
		codeVerifier: randomToken(48),
		discordState,
		discordCodeVerifier,
		expiresAt,
	});
	return { discordState, expiresAt, codeChallenge: challenge(discordCodeVerifier) };
}

/** Claims the Discord leg exactly once (a failed exchange still burns the state). */
export async function claimDiscordLeg(db: Db, discordState: string, now: number) {
	const [row] = await db
		.update(botVerificationSessions)
		.set({ discordUsedAt: new Date(now) })
		.where(and(eq(botVerificationSessions.discordState, discordState), isNull(botVerificationSessions.discordUsedAt), gt(botVerificationSessions.expiresAt, new Date(now))))
		.returning();
	return row;
}

/** Records that Discord confirmed the user and their guild; returns the Roblox leg's state and PKCE challenge. */
export async function passDiscordLeg(db: Db, sessionId: string, guildId: string, now: number) {
	const [row] = await db
		.update(botVerificationSessions)
		.set({ discordVerifiedAt: new Date(now), guildId })
		.where(eq(botVerificationSessions.id, sessionId))
		.returning();
	return { state: row.sessionToken, codeChallenge: challenge(row.codeVerifier) };
}

/**
 * Claims the Roblox leg exactly once, and only after the Discord leg passed: the conditional
 * update means two callbacks racing on the same state cannot both win.
 */
export async function claimSession(db: Db, sessionToken: string, now: number) {
	const [row] = await db
		.update(botVerificationSessions)
		.set({ usedAt: new Date(now) })
		.where(
			and(
				eq(botVerificationSessions.sessionToken, sessionToken),
				isNull(botVerificationSessions.usedAt),
				isNotNull(botVerificationSessions.discordVerifiedAt),
				gt(botVerificationSessions.expiresAt, new Date(now)),
			),
		)
		.returning();
	return row;
}

/** Writes (or replaces) the Discord user's Roblox link in this workspace, as verified. */
export async function writeLink(
	db: Db,
	link: { discordUserId: string; robloxUserId: string; displayName: string; workspaceId: string; guildId: string },
	now: number,
): Promise<void> {
	const values = { robloxUserId: link.robloxUserId, robloxDisplayName: link.displayName.slice(0, 100), guildId: link.guildId, discordVerified: true, verifiedAt: new Date(now) };
	await db
		.insert(botAccountLinks)
		.values({ workspaceId: link.workspaceId, discordUserId: link.discordUserId, ...values })
		.onConflictDoUpdate({ target: [botAccountLinks.workspaceId, botAccountLinks.discordUserId], set: values });
}

const challenge = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");
