import type { Workspace } from "../auth/workspaceAuth.js";

/** A workspace as admins see it: key hint and credential presence, never the secrets. */
export const presentWorkspace = (w: Workspace) => ({
	id: w.id,
	tenantId: w.tenantId,
	name: w.name,
	robloxGroupId: w.robloxGroupId,
	discordGuildIds: w.discordGuildIds,
	status: w.status,
	rateLimitPerMinute: w.rateLimitPerMinute,
	apiKeyHint: w.apiKeyHint,
	hasRobloxCookie: w.robloxCookieSealed !== null,
	hasOpenCloudKey: w.openCloudKeySealed !== null,
});
