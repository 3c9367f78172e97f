import { eq } from "drizzle-orm";
import type { FastifyInstance, FastifyRequest, preValidationAsyncHookHandler } from "fastify";
import { AppError, unauthorized } from "../../../http/errors.js";
import { hashApiKey, keyHint } from "../../../security/apiKeys.js";
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
 */
export function workspaceAuth(app: FastifyInstance): preValidationAsyncHookHandler {
	const db = app.core.database.db;
	return async (request) => {
		const { key, source } = presentedKey(request);
		const workspace = key ? await findByKey(app, key) : undefined;
		if (!workspace) {
			const hint = key ? keyHint(key) : null;
			request.log.warn({ category: "auth_failure", ip: request.ip, keyPrefix: hint }, "auth_failure");
			await recordWarning(db, { category: "auth_failure", message: key ? "Unknown API key" : "Missing API key", ip: request.ip, keyHint: hint });
			throw unauthorized("Invalid or missing API key.");
		}
		if (source === "body") {
			request.log.warn({ category: "legacy_auth_body_security", workspaceId: workspace.id, ip: request.ip }, "legacy_auth_body_security");
			await recordWarning(db, { category: "legacy_auth_body_security", message: `Body-field auth on ${request.routeOptions.url}`, ip: request.ip, keyHint: keyHint(key!), workspaceId: workspace.id });
		}
		if (request.body && typeof request.body === "object" && "security" in request.body) {
			delete (request.body as Record<string, unknown>).security;
		}
		if (!ALLOWED.includes(workspace.status)) throw new AppError(403, "SUBSCRIPTION_INACTIVE", "Subscription is not active.");
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
