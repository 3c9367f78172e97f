import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { AppError } from "../../../http/errors.js";
import { currentWorkspace } from "../auth/workspaceAuth.js";
import type { BotDeps } from "../deps.js";
import { errorResponses, Success, success } from "../envelope.js";
import { recordModeration } from "../logs.js";
import { discordIdsFor } from "./linkedAccounts.js";
import { parseAction } from "./parseAction.js";
import { runAction } from "./runAction.js";
import { UserActionBody, UserActionData } from "./schema.js";

/** POST /useraction: a member action in one of the workspace's guilds. */
export const userActionRoutes: FastifyPluginAsyncTypebox<{ deps: BotDeps }> = async (app, { deps }) => {
	const db = app.core.database.db;
	app.post(
		"/useraction",
		{
			config: { rateLimit: false },
			schema: {
				tags: ["bot"],
				summary: "Apply a moderation/role action to a Discord member",
				security: [{ apiKey: [] }],
				body: UserActionBody,
				response: { 200: Success(UserActionData), ...errorResponses(400, 401, 403, 404, 429, 500, 502) },
			},
		},
		async (request) => {
			const workspace = currentWorkspace(request);
			const action = parseAction(request.body);
			const guildId = request.body.serverid;
			if (!workspace.discordGuildIds.includes(guildId)) {
				throw new AppError(404, "NOT_FOUND", `Discord guild '${guildId}' is not configured for this workspace.`);
			}
			const robloxIds = "targets" in action ? action.targets : [action.target];
			const links = await discordIdsFor(db, workspace, robloxIds);
			const report = await runAction(deps.discord, guildId, action, links, app.core.clock());
			if (report.skipped.length > 0) request.log.warn({ guildId, method: action.kind, skipped: report.skipped }, "useraction members skipped");
			if (action.kind !== "GetRoles") {
				await recordModeration(
					db,
					report.applied.map((discordUserId) => ({ workspaceId: workspace.id, action: `useraction_${action.kind}`, target: discordUserId, details: { guildId } })),
				);
			}
			return success(report.data);
		},
	);
};
