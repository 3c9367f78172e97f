import { and, eq, gt, lt } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import type { Db } from "../../../db/client.js";
import { users, type Role } from "../../../db/tables.js";
import { audit } from "../../../http/audit.js";
import type { AuthEpochs } from "../../../http/authEpochs.js";
import { AppError, badRequest, conflict, notFound } from "../../../http/errors.js";
import type { Principal, TokenPair, TokenService } from "../../../http/tokens.js";
import { randomToken, sha256Hex } from "../../../security/crypto.js";
import { robloxDeviceCodes } from "../tables.js";
import { deviceClient } from "./clients.js";
import { newUserCode, normalizeUserCode } from "./userCode.js";

/** Who may approve a device, and whose approval still counts when the device redeems it. */
export const APPROVER_ROLES: Role[] = ["teacher", "admin"];

/** RFC 8628 §3.5: each slow_down adds 5 seconds to the interval. */
const SLOW_DOWN_STEP = 5;
/** Finished or expired codes are kept a day (for the audit trail's sake), then swept. */
const KEEP_MS = 24 * 3600 * 1000;

export interface DeviceOptions {
	ttlSeconds: number;
	intervalSeconds: number;
}

export interface DeviceAuthorization {
	device_code: string;
	user_code: string;
	verification_uri: string;
	verification_uri_complete: string;
	expires_in: number;
	interval: number;
}

export interface DeviceRequestView {
	user_code: string;
	client_id: string;
	client_name: string;
	client_description: string;
	status: "pending" | "approved" | "denied" | "redeemed";
	created_at: string;
	expires_at: string;
}

/**
 * The device authorization grant (RFC 8628) for the Studio plugin. The plugin asks for a code
 * pair, shows the user code and the teacher app's /device page, and polls; a signed-in teacher
 * approves or denies there. An approval is bound to the teacher and to their auth epoch at that
 * moment: if they are disabled, demoted or change password before the plugin redeems it, the
 * plugin gets access_denied. Redemption issues a normal token pair from the TokenService, so
 * refresh rotation, logout and the auth epoch apply to the plugin's tokens as to the teacher
 * app's. Device codes are single use; both codes are stored hashed.
 */
export class DeviceAuthorizationService {
	constructor(
		private readonly db: Db,
		private readonly tokens: TokenService,
		private readonly epochs: AuthEpochs,
		private readonly clock: () => number,
		private readonly options: DeviceOptions,
	) {}

	/** RFC 8628 §3.1-3.2. `verificationUri` is the teacher app's /device page. */
	async start(clientId: string, verificationUri: string): Promise<DeviceAuthorization> {
		if (!deviceClient(clientId)) throw new AppError(401, "invalid_client", "Unknown client_id");
		const now = this.clock();
		await this.db.delete(robloxDeviceCodes).where(lt(robloxDeviceCodes.expiresAt, new Date(now - KEEP_MS)));
		const deviceCode = randomToken(32);
		for (let attempt = 0; ; attempt++) {
			const userCode = newUserCode();
			const inserted = await this.db
				.insert(robloxDeviceCodes)
				.values({
					deviceCodeHash: sha256Hex(deviceCode),
					userCodeHash: sha256Hex(userCode),
					clientId,
					interval: this.options.intervalSeconds,
					expiresAt: new Date(now + this.options.ttlSeconds * 1000),
					createdAt: new Date(now),
				})
				.onConflictDoNothing()
				.returning({ id: robloxDeviceCodes.id });
			// A user code collision (2^-34 per live code) draws another; anything else is a fault.
			if (inserted.length === 0 && attempt < 3) continue;
			if (inserted.length === 0) throw new AppError(503, "temporarily_unavailable", "Could not allocate a user code; retry");
			return {
				device_code: deviceCode,
				user_code: userCode,
				verification_uri: verificationUri,
				verification_uri_complete: `${verificationUri}?user_code=${encodeURIComponent(userCode)}`,
				expires_in: this.options.ttlSeconds,
				interval: this.options.intervalSeconds,
			};
		}
	}

	/** RFC 8628 §3.4-3.5: one poll of the token endpoint. */
	async redeem(request: FastifyRequest, clientId: string, deviceCode: string): Promise<TokenPair> {
		const now = this.clock();
		const outcome = await this.db.transaction(async (tx) => {
			const [row] = await tx.select().from(robloxDeviceCodes).where(eq(robloxDeviceCodes.deviceCodeHash, sha256Hex(deviceCode))).for("update");
			if (!row || row.clientId !== clientId) return grantError("invalid_grant", "Unknown device code for this client");
			if (row.status === "redeemed") return grantError("invalid_grant", "This device code was already used; start again");
			if (row.expiresAt.getTime() <= now) return grantError("expired_token", "The device code expired; start again");
			if (row.status === "denied") return grantError("access_denied", "The teacher denied this sign-in");
			if (row.status === "pending") {
				const early = row.lastPolledAt !== null && now - row.lastPolledAt.getTime() < row.interval * 1000;
				const interval = early ? row.interval + SLOW_DOWN_STEP : row.interval;
				await tx.update(robloxDeviceCodes).set({ lastPolledAt: new Date(now), interval }).where(eq(robloxDeviceCodes.id, row.id));
				if (early) return new AppError(400, "slow_down", `Polling faster than the interval; poll every ${interval} seconds from now on`, { interval });
				return grantError("authorization_pending", "Waiting for a teacher to approve the code");
			}
			// Approved: single use, so the code is spent whatever happens next.
			await tx.update(robloxDeviceCodes).set({ status: "redeemed", redeemedAt: new Date(now) }).where(eq(robloxDeviceCodes.id, row.id));
			return { id: row.id, userId: row.userId!, epoch: row.approvedEpoch ?? 0 };
		});
		if (outcome instanceof AppError) throw outcome;

		const [user] = await this.db.select().from(users).where(eq(users.id, outcome.userId));
		const standing = await this.epochs.standing(outcome.userId, { fresh: true });
		// Authority that changed since the approval withdraws it (disabled, demoted, moved, new password).
		if (!user || !standing?.active || standing.epoch !== outcome.epoch || !APPROVER_ROLES.includes(standing.role)) {
			throw grantError("access_denied", "The approving account changed since it approved this sign-in; start again");
		}
		const pair = await this.tokens.issue({ id: user.id, role: user.role, schoolId: user.schoolId, tier: user.tier, epoch: user.authEpoch });
		await audit(this.db, request, { action: "roblox.device.signed_in", targetType: "device_authorization", targetId: outcome.id, actor: { kind: "user", id: user.id }, schoolId: user.schoolId, details: { client_id: clientId } });
		return pair;
	}

	/** RFC 6749 §6 on the same endpoint, with the TokenService's rotation (reuse revokes the family). */
	async refresh(refreshToken: string): Promise<TokenPair> {
		try {
			return await this.tokens.rotate(refreshToken);
		} catch (error) {
			if (error instanceof AppError && error.statusCode === 401) throw grantError("invalid_grant", error.message);
			throw error;
		}
	}

	/** RFC 7009: the refresh token's family stops working; unknown tokens are not an error. */
	async revoke(token: string): Promise<void> {
		await this.tokens.revoke(token);
	}

	/** What the teacher app shows before the teacher decides: which client asks, and until when. */
	async describe(userCode: string): Promise<DeviceRequestView> {
		const { row, code } = await this.find(userCode);
		return view(row, code);
	}

	/** Approve or deny a pending code; an approval binds the code to the caller. */
	async decide(request: FastifyRequest, caller: Principal, userCode: string, decision: "approve" | "deny"): Promise<DeviceRequestView> {
		const { row, code } = await this.find(userCode);
		if (row.status !== "pending") throw conflict(`This code was already ${row.status === "denied" ? "denied" : "approved"}`, { status: row.status });
		const now = new Date(this.clock());
		const epoch = caller.epoch ?? (await this.epochs.standing(caller.id, { fresh: true }))?.epoch ?? 0;
		const updated = await this.db.transaction(async (tx) => {
			const [changed] = await tx
				.update(robloxDeviceCodes)
				.set(decision === "approve" ? { status: "approved", userId: caller.id, approvedEpoch: epoch, decidedAt: now } : { status: "denied", userId: caller.id, decidedAt: now })
				.where(and(eq(robloxDeviceCodes.id, row.id), eq(robloxDeviceCodes.status, "pending"), gt(robloxDeviceCodes.expiresAt, now)))
				.returning();
			if (changed) await audit(tx, request, { action: `roblox.device.${decision}`, targetType: "device_authorization", targetId: row.id, details: { client_id: row.clientId } });
			return changed;
		});
		if (!updated) throw conflict("This code was decided or expired meanwhile");
		return view(updated, code);
	}

	private async find(userCode: string) {
		const code = normalizeUserCode(userCode);
		if (!code) throw badRequest("user_code is 8 letters, like BCDF-GHJK", { field: "user_code", issue: "not a user code" });
		const [row] = await this.db
			.select()
			.from(robloxDeviceCodes)
			.where(and(eq(robloxDeviceCodes.userCodeHash, sha256Hex(code)), gt(robloxDeviceCodes.expiresAt, new Date(this.clock()))));
		if (!row) throw notFound("Device code (it may have expired)");
		return { row, code };
	}
}

const grantError = (code: "invalid_grant" | "expired_token" | "access_denied" | "authorization_pending", message: string) => new AppError(400, code, message);

function view(row: typeof robloxDeviceCodes.$inferSelect, userCode: string): DeviceRequestView {
	const client = deviceClient(row.clientId);
	return {
		user_code: userCode,
		client_id: row.clientId,
		client_name: client?.name ?? row.clientId,
		client_description: client?.description ?? "",
		status: row.status,
		created_at: row.createdAt.toISOString(),
		expires_at: row.expiresAt.toISOString(),
	};
}
