import { AppError } from "../../../http/errors.js";
import type { DiscordGateway, DiscordRole } from "../discord/gateway.js";
import { discordFailure, isRejection, isUnknown } from "../discord/discordErrors.js";
import type { MemberAction } from "./parseAction.js";

const REASON = "praun bot: game server action";

export interface ActionReport {
	data: { roles: DiscordRole[] } | null;
	/** Discord members the action reached, for the moderation log. */
	applied: string[];
	/** Per-member refusals, logged server-side and not surfaced (the spec's best-effort rule). */
	skipped: { discordUserId: string; reason: string }[];
}

/**
 * Runs one member action in a guild. Unverified Roblox users and members who left are
 * skipped silently; Discord refusing one member (4xx) is logged, not surfaced. Only an outage
 * (5xx after retries, timeouts) fails the request with 502. GetRoles is the exception: its
 * caller wants an answer, so no link is 404 NOT_VERIFIED and no member is 404 NOT_FOUND.
 */
export async function runAction(discord: DiscordGateway, guildId: string, action: MemberAction, links: Map<string, string>, now: number): Promise<ActionReport> {
	if (action.kind === "GetRoles") {
		const discordUserId = links.get(action.target);
		if (!discordUserId) throw new AppError(404, "NOT_VERIFIED", `Roblox user ${action.target} has no linked Discord account.`);
		try {
			const memberRoles = await discord.memberRoles(guildId, discordUserId);
			const byId = new Map((await discord.guildRoles(guildId)).map((r) => [r.id, r]));
			const roles = memberRoles.map((id) => byId.get(id)).filter((r): r is DiscordRole => r !== undefined);
			return { data: { roles }, applied: [discordUserId], skipped: [] };
		} catch (error) {
			if (isUnknown(error)) throw new AppError(404, "NOT_FOUND", `Roblox user ${action.target}'s Discord account is not a member of guild ${guildId}.`);
			throw discordFailure(error, "Failed to read member roles");
		}
	}
	const targets = "targets" in action ? action.targets : [action.target];
	const report: ActionReport = { data: null, applied: [], skipped: [] };
	for (const robloxId of targets) {
		const discordUserId = links.get(robloxId);
		if (!discordUserId) continue;
		try {
			await apply(discord, guildId, discordUserId, action, now);
			report.applied.push(discordUserId);
		} catch (error) {
			if (!isRejection(error)) throw discordFailure(error, `Failed to run ${action.kind}`);
			report.skipped.push({ discordUserId, reason: isUnknown(error) ? "not in guild" : (error as Error).message });
		}
	}
	return report;
}

async function apply(discord: DiscordGateway, guildId: string, userId: string, action: Exclude<MemberAction, { kind: "GetRoles" }>, now: number): Promise<void> {
	switch (action.kind) {
		case "Timeout":
			return discord.editMember(guildId, userId, { communication_disabled_until: action.ms === 0 ? null : new Date(now + action.ms).toISOString() }, REASON);
		case "Mute":
			return discord.editMember(guildId, userId, { mute: action.on }, REASON);
		case "Deafen":
			return discord.editMember(guildId, userId, { deaf: action.on }, REASON);
		case "AddRoles":
			for (const role of action.roles) await discord.addRole(guildId, userId, role, REASON);
			return;
		case "RemoveRoles":
			for (const role of action.roles) await discord.removeRole(guildId, userId, role, REASON);
			return;
	}
}
