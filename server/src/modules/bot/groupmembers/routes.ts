import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { upstreamError } from "../../../http/errors.js";
import { currentWorkspace } from "../auth/workspaceAuth.js";
import type { BotDeps } from "../deps.js";
import { errorResponses, Success, success } from "../envelope.js";
import { CookieGroups } from "../roblox/cookieGroups.js";
import { RobloxHttpError } from "../roblox/http.js";
import { OpenCloudGroups } from "../roblox/openCloudGroups.js";
import { listOpenCloudMembers } from "./listMembers.js";
import { GroupMembersData, GroupMembersQuery, includesGuests } from "./schema.js";

/**
 * GET /getgroupmembers: the workspace's own group. Open Cloud when the workspace has an
 * Open Cloud key sealed, else the legacy cookie listing (which fills `username`).
 */
export const groupMemberRoutes: FastifyPluginAsyncTypebox<{ deps: BotDeps }> = async (app, { deps }) => {
	const { config, cipher } = app.core;
	app.get(
		"/getgroupmembers",
		{
			config: { rateLimit: false },
			schema: {
				tags: ["bot"],
				summary: "List every member of the bound Roblox group",
				security: [{ apiKey: [] }],
				querystring: GroupMembersQuery,
				response: { 200: Success(GroupMembersData), ...errorResponses(401, 403, 429, 500, 502) },
			},
		},
		async (request) => {
			const workspace = currentWorkspace(request);
			const include = includesGuests(request.query.includeGuestRank);
			const groupId = workspace.robloxGroupId;
			try {
				let members;
				if (workspace.openCloudKeySealed) {
					const groups = new OpenCloudGroups(config.ROBLOX_API_BASE_URL, cipher.open(workspace.openCloudKeySealed), config.ROBLOX_HTTP_TIMEOUT_MS);
					members = await listOpenCloudMembers(groups, deps.roles, groupId, include, deps.sleep);
				} else {
					const cookie = workspace.robloxCookieSealed ? cipher.open(workspace.robloxCookieSealed) : undefined;
					const legacy = new CookieGroups(config.ROBLOX_GROUPS_BASE_URL, cookie, { get: () => undefined, set: () => {} }, config.ROBLOX_HTTP_TIMEOUT_MS);
					members = (await legacy.members(groupId)).filter((m) => include || m.rank !== 0).map(({ userId, username, role }) => ({ userId, username, role }));
				}
				return success({ members, count: members.length, includeGuestRank: include });
			} catch (error) {
				if (error instanceof RobloxHttpError) throw upstreamError("ROBLOX_API_ERROR", `Failed to fetch group members: ${error.message}`);
				throw error;
			}
		},
	);
};
