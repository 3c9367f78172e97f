import { desc, inArray } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import { botVerifications } from "../tables.js";

/** Roblox id -> Discord user id through verification links (the latest link wins). */
export async function discordIdsFor(db: Db, robloxIds: string[]): Promise<Map<string, string>> {
	if (robloxIds.length === 0) return new Map();
	const rows = await db
		.select({ discordUserId: botVerifications.discordUserId, robloxUserId: botVerifications.robloxUserId })
		.from(botVerifications)
		.where(inArray(botVerifications.robloxUserId, robloxIds))
		.orderBy(desc(botVerifications.verifiedAt));
	const links = new Map<string, string>();
	for (const row of rows) if (!links.has(row.robloxUserId)) links.set(row.robloxUserId, row.discordUserId);
	return links;
}
