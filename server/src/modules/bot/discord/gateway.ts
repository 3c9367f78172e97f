import { REST } from "@discordjs/rest";
import type { Config } from "../../../config.js";
import { upstreamError } from "../../../http/errors.js";

export interface DiscordRole {
	id: string;
	name: string;
	color: number;
}

/**
 * The Discord calls the bot API makes, through @discordjs/rest (per-bucket queues, waits out
 * 429s with Retry-After, retries 5xx/timeouts `DISCORD_REST_RETRIES` times). Errors from
 * Discord surface as DiscordAPIError / HTTPError; callers map them with discordErrors.ts.
 */
export class DiscordGateway {
	private readonly rest?: REST;
	/** Channels never move between guilds, so the ownership lookup is cached. */
	private readonly channelGuilds = new Map<string, string | null>();

	constructor(config: Config) {
		if (!config.DISCORD_BOT_TOKEN) return;
		this.rest = new REST({
			api: config.DISCORD_API_BASE_URL.replace(/\/+$/, ""),
			version: "10",
			retries: config.DISCORD_REST_RETRIES,
			timeout: config.DISCORD_REST_TIMEOUT_MS,
			globalRequestsPerSecond: config.DISCORD_GLOBAL_REQUESTS_PER_SECOND,
		}).setToken(config.DISCORD_BOT_TOKEN);
	}

	/** The guild a channel belongs to (null for DMs and unknown shapes). */
	async channelGuild(channelId: string): Promise<string | null> {
		const cached = this.channelGuilds.get(channelId);
		if (cached !== undefined) return cached;
		const channel = (await this.client().get(`/channels/${channelId}`)) as { guild_id?: string };
		const guildId = channel.guild_id ?? null;
		if (this.channelGuilds.size > 10_000) this.channelGuilds.clear();
		this.channelGuilds.set(channelId, guildId);
		return guildId;
	}

	async postMessage(channelId: string, body: Record<string, unknown>): Promise<string> {
		const message = (await this.client().post(`/channels/${channelId}/messages`, { body })) as { id: string };
		return message.id;
	}

	async memberRoles(guildId: string, userId: string): Promise<string[]> {
		const member = (await this.client().get(`/guilds/${guildId}/members/${userId}`)) as { roles?: string[] };
		return member.roles ?? [];
	}

	async guildRoles(guildId: string): Promise<DiscordRole[]> {
		const roles = (await this.client().get(`/guilds/${guildId}/roles`)) as DiscordRole[];
		return roles.map((r) => ({ id: r.id, name: r.name, color: r.color }));
	}

	async editMember(guildId: string, userId: string, body: Record<string, unknown>, reason: string): Promise<void> {
		await this.client().patch(`/guilds/${guildId}/members/${userId}`, { body, reason });
	}

	async addRole(guildId: string, userId: string, roleId: string, reason: string): Promise<void> {
		await this.client().put(`/guilds/${guildId}/members/${userId}/roles/${roleId}`, { reason });
	}

	async removeRole(guildId: string, userId: string, roleId: string, reason: string): Promise<void> {
		await this.client().delete(`/guilds/${guildId}/members/${userId}/roles/${roleId}`, { reason });
	}

	close(): void {
		this.rest?.clearHashSweeper();
		this.rest?.clearHandlerSweeper();
	}

	private client(): REST {
		if (!this.rest) throw upstreamError("DISCORD_API_ERROR", "Discord bot token is not configured");
		return this.rest;
	}
}
