import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { AppError } from "../../../http/errors.js";
import { currentWorkspace, type Workspace } from "../auth/workspaceAuth.js";
import type { BotDeps } from "../deps.js";
import { errorResponses, Success, success } from "../envelope.js";
import { recordModeration } from "../logs.js";
import { CookieGroups } from "../roblox/cookieGroups.js";
import { resolveUsernames } from "../roblox/usersLookup.js";
import { exileUsers } from "./exileUsers.js";
import { BulkExileBody, BulkExileData, type BulkExileSummary } from "./schema.js";

/** POST /bulkexile: exile users from the workspace's own Roblox group. */
export const bulkExileRoutes: FastifyPluginAsyncTypebox<{ deps: BotDeps }> = async (app, { deps }) => {
	const { config, cipher, database } = app.core;
	app.post(
		"/bulkexile",
		{
			config: { rateLimit: false },
			schema: {
				tags: ["bot"],
				summary: "Exile a list of Roblox users from the bound group",
				description: "200 when at least one user was exiled; 404 NOT_IN_GROUP with the same per-user details when none was; 500 BULKEXILE_ERROR on unexpected errors.",
				security: [{ apiKey: [] }],
				body: BulkExileBody,
				response: { 200: Success(BulkExileData), ...errorResponses(400, 401, 403, 404, 429, 500) },
			},
		},
		async (request) => {
			const workspace = currentWorkspace(request);
			let summary: BulkExileSummary;
			try {
				summary = await run(workspace, request.body.users);
				await recordModeration(
					database.db,
					summary.results
						.filter((r) => r.success)
						.map((r) => ({ workspaceId: workspace.id, action: "bulk_exile", target: r.user, details: { groupId: workspace.robloxGroupId, attempts: r.attempts } })),
				);
			} catch (error) {
				request.log.error({ err: error }, "bulk exile failed");
				throw new AppError(500, "BULKEXILE_ERROR", `Bulk exile failed: ${error instanceof Error ? error.message : String(error)}`);
			}
			if (summary.exiled === 0) throw new AppError(404, "NOT_IN_GROUP", "None of the specified users could be exiled.", summary);
			return success(summary);
		},
	);

	async function run(workspace: Workspace, users: string[]): Promise<BulkExileSummary> {
		const cookie = workspace.robloxCookieSealed ? cipher.open(workspace.robloxCookieSealed) : undefined;
		const adapter = new CookieGroups(
			config.ROBLOX_GROUPS_BASE_URL,
			cookie,
			{ get: () => deps.csrfTokens.get(workspace.id), set: (token) => void deps.csrfTokens.set(workspace.id, token) },
			config.ROBLOX_HTTP_TIMEOUT_MS,
		);
		const inputs = await resolve(users);
		return exileUsers(inputs, workspace.robloxGroupId, adapter, deps.sleep);
	}

	/** Numeric entries are ids; the rest are usernames looked up in one batch. */
	async function resolve(users: string[]): Promise<{ user: string; userId?: string; unresolved?: string }[]> {
		const names = [...new Set(users.map((u) => u.trim()).filter((u) => !/^\d+$/.test(u)))];
		let ids = new Map<string, string>();
		let lookupFailure: string | undefined;
		if (names.length > 0) {
			try {
				ids = await resolveUsernames(config.ROBLOX_USERS_BASE_URL, names, config.ROBLOX_HTTP_TIMEOUT_MS);
			} catch (error) {
				lookupFailure = `Username lookup failed: ${error instanceof Error ? error.message : String(error)}`;
			}
		}
		return users.map((user) => {
			const trimmed = user.trim();
			if (/^\d+$/.test(trimmed)) return { user, userId: trimmed };
			const userId = ids.get(trimmed.toLowerCase());
			return userId ? { user, userId } : { user, unresolved: lookupFailure ?? `Roblox user '${trimmed}' not found` };
		});
	}
};
