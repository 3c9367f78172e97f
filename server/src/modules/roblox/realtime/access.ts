import { and, eq } from "drizzle-orm";
import type { Db } from "../../../db/client.js";
import type { Principal } from "../../../http/tokens.js";
import { robloxConversations } from "../tables.js";
import { parseChannel } from "./channels.js";

/** May this caller hear this channel? Only the owner of the channel's session may. */
export async function mayRead(db: Db, user: Principal, channel: string): Promise<boolean> {
	const parsed = parseChannel(channel);
	if (!parsed) return false;
	const [row] = await db
		.select({ id: robloxConversations.id })
		.from(robloxConversations)
		.where(and(eq(robloxConversations.id, parsed.sessionId), eq(robloxConversations.userId, user.id)));
	return Boolean(row);
}
