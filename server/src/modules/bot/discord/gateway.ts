import { DiscordAPIError, REST } from "@discordjs/rest";
import type { Config } from "../../../config.js";
import type { DependencyHealth } from "../../../http/dependencyHealth.js";
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
 *
 * One client serves every tenant, and @discordjs/rest forgets its token after any 401 (every
 * later call would fail with "Expected token to be set" until a restart). So every call hands
 * the token back first, a 401 marks Discord `unauthorized` on the health board (logged once,
 * shown by /v2/health) and the first success marks it `ok` again.
 */
export class DiscordGateway {
	private readonly rest?: REST;
	private readonly token?: string;
	/** Channels never move between guilds, so the ownership lookup is cached. */
	private readonly channelGuilds = new Map<string, string | null>();

	constructor(
		config: Config,
		private readonly health?: DependencyHealth,
	) {
		if (!config.DISCORD_BOT_TOKEN) return;
		this.token = config.DISCORD_BOT_TOKEN;
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
		const channel = (await this.call((rest) => rest.get(`/channels/${channelId}`))) as { guild_id?: string };
		const guildId = channel.guild_id ?? null;
		if (this.channelGuilds.size > 10_000) this.channelGuilds.clear();
		this.channelGuilds.set(channelId, guildId);
		return guildId;
	}

	async postMessage(channelId: string, body: Record<string, unknown>): Promise<string> {
		const message = (await this.call((rest) => rest.post(`/channels/${channelId}/messages`, { body }))) as { id: string };
		return message.id;
	}

	async memberRoles(guildId: string, userId: string): Promise<string[]> {
		const member = (await this.call((rest) => rest.get(`/guilds/${guildId}/members/${userId}`))) as { roles?: string[] };
		return member.roles ?? [];
	}

	async guildRoles(guildId: string): Promise<DiscordRole[]> {
		const roles = (await this.call((rest) => rest.get(`/guilds/${guildId}/roles`))) as DiscordRole[];
		return roles.map((r) => ({ id: r.id, name: r.name, color: r.color }));
	}

	async editMember(guildId: string, userId: string, body: Record<string, unknown>, reason: string): Promise<void> {
		await this.call((rest) => rest.patch(`/guilds/${guildId}/members/${userId}`, { body, reason }));
	}

	async addRole(guildId: string, userId: string, roleId: string, reason: string): Promise<void> {
		await this.call((rest) => rest.put(`/guilds/${guildId}/members/${userId}/roles/${roleId}`, { reason }));
	}

	async removeRole(guildId: string, userId: string, roleId: string, reason: string): Promise<void> {
		await this.call((rest) => rest.delete(`/guilds/${guildId}/members/${userId}/roles/${roleId}`, { reason }));
	}

	close(): void {
		this.rest?.clearHashSweeper();
		this.rest?.clearHandlerSweeper();
	}

	private async call<T>(request: (rest: REST) => Promise<T>): Promise<T> {
		if (!this.rest || !this.token) throw upstreamError("DISCORD_API_ERROR", "Discord bot token is not configured");
		this.rest.setToken(this.token);
		try {
			const result = await request(this.rest);
			this.health?.report("discord", "ok");
			return result;
		} catch (error) {
			if (error instanceof DiscordAPIError && error.status === 401) {
				this.rest.setToken(this.token);
				this.health?.report("discord", "unauthorized", { reason: "Discord answered 401 to the bot token" });
			}
			throw error;
		}
	}
}
