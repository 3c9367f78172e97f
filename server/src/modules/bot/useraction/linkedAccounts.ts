import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { botAccountLinks } from "../tables.js";

/**
 * Roblox id -> Discord user id through this workspace's verified links (the latest link wins).
 * Only links made in this workspace, verified on both legs, for a guild the workspace still
 * holds: one workspace can neither read nor act on another's links.
 */
export async function discordIdsFor(db: Db, workspace: { id: string; discordGuildIds: string[] }, robloxIds: string[]): Promise<Map<string, string>> {
	if (robloxIds.length === 0 || workspace.discordGuildIds.length === 0) return new Map();
	const rows = await db
		.select({ discordUserId: botAccountLinks.discordUserId, robloxUserId: botAccountLinks.robloxUserId })
		.from(botAccountLinks)
		.where(
			and(
				eq(botAccountLinks.workspaceId, workspace.id),
				eq(botAccountLinks.discordVerified, true),
				inArray(botAccountLinks.guildId, workspace.discordGuildIds),
				inArray(botAccountLinks.robloxUserId, robloxIds),
			),
		)
		.orderBy(desc(botAccountLinks.verifiedAt));
	const links = new Map<string, string>();
	for (const row of rows) if (!links.has(row.robloxUserId)) links.set(row.robloxUserId, row.discordUserId);
	return links;
}
