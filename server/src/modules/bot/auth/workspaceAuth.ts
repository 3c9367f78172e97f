import { eq } from "drizzle-orm";
import type { FastifyInstance, FastifyRequest, preValidationAsyncHookHandler } from "fastify";
import { AppError, badRequest, unauthorized } from "../../../http/errors.js";
import { hashApiKey, keyHint } from "../../../security/apiKeys.js";
import { keyGuessGuard } from "../../../security/keyGuessGuard.js";
import { recordWarning } from "../logs.js";
import { botWorkspaces, type WorkspaceStatus } from "../tables.js";
import { presentedKey } from "./presentedKey.js";

export type Workspace = typeof botWorkspaces.$inferSelect;

declare module "fastify" {
	interface FastifyRequest {
		botWorkspace?: Workspace;
	}
}

const ALLOWED: readonly WorkspaceStatus[] = ["active", "grace_period"];

/**
 * Resolves the workspace behind the presented key before validation (so a keyless request is
 * 401, not 400). Unknown keys are logged as `auth_failure` with the caller IP and only the
 * key's first 9 characters; body-field auth is logged as `legacy_auth_body_security`.
 * A workspace whose status is not active/grace_period is refused with SUBSCRIPTION_INACTIVE.
 * Unknown keys count against the caller's address: past KEY_FAILURES_PER_IP_PER_MINUTE in a
 * minute, further unknown keys answer 429 RATE_LIMITED without a database lookup.
 */
export function workspaceAuth(app: FastifyInstance): preValidationAsyncHookHandler {
	const db = app.core.database.db;
	const throttle = new FailureThrottle(app.core.clock);
	const guard = keyGuessGuard(app.core, "bot");
	return async (request) => {
		const { key, source } = presentedKey(request);
		if (key) await guard.check(request.ip, key);
		const workspace = key ? await findByKey(app, key) : undefined;
		if (!workspace) {
			if (key) await guard.fail(request.ip);
			const hint = key ? keyHint(key) : null;
			request.log.warn({ category: "auth_failure", ip: request.ip, keyPrefix: hint }, "auth_failure");
			if (throttle.shouldRecord(`${request.ip}|${hint}`)) {
				await recordWarning(db, { category: "auth_failure", message: key ? "Unknown API key" : "Missing API key", ip: request.ip, keyHint: hint });
			}
			throw unauthorized("Invalid or missing API key.");
		}
		if (source === "body") {
			request.log.warn({ category: "legacy_auth_body_security", workspaceId: workspace.id, ip: request.ip }, "legacy_auth_body_security");
			await recordWarning(db, { category: "legacy_auth_body_security", message: `Body-field auth on ${request.routeOptions.url}`, ip: request.ip, keyHint: keyHint(key!), workspaceId: workspace.id });
		}
		if (request.body && typeof request.body === "object" && "security" in request.body) {
			// Removed before validation (it is a credential, not data): check its type here, since the schema never sees it.
			const security = (request.body as Record<string, unknown>).security;
			if (typeof security !== "string") throw badRequest("security must be a string (the deprecated API key field)", { field: "security" });
			delete (request.body as Record<string, unknown>).security;
		}
		// Keys minted before owners were recorded have none; a recorded minter must still be active.
		if (workspace.apiKeyOwnerId && !(await app.core.authEpochs.mayAct(workspace.apiKeyOwnerId))) throw unauthorized("API key is suspended: the admin who minted it is disabled or deleted.");
		if (!ALLOWED.includes(workspace.status)) throw new AppError(403, "SUBSCRIPTION_INACTIVE", "Subscription is not active.");
		guard.succeeded(key!);
		request.botWorkspace = workspace;
	};
}

/** The authenticated workspace, for handlers behind workspaceAuth. */
export function currentWorkspace(request: FastifyRequest): Workspace {
	if (!request.botWorkspace) throw unauthorized("Invalid or missing API key.");
	return request.botWorkspace;
}

async function findByKey(app: FastifyInstance, key: string): Promise<Workspace | undefined> {
	if (key.length > 200) return undefined;
	const [row] = await app.core.database.db.select().from(botWorkspaces).where(eq(botWorkspaces.apiKeyHash, hashApiKey(key)));
	return row;
}

/**
 * Unauthenticated callers are not rate limited by key, so a flood of bad keys must not become
 * a flood of rows: one `auth_failure` row per caller IP and key hint per minute (the pino log
 * still records every attempt).
 */
class FailureThrottle {
	private readonly last = new Map<string, number>();

	constructor(private readonly clock: () => number) {}

	shouldRecord(id: string): boolean {
		const now = this.clock();
		const previous = this.last.get(id);
		if (previous !== undefined && now - previous < 60_000) return false;
		if (this.last.size > 10_000) this.last.clear();
		this.last.set(id, now);
		return true;
	}
}
