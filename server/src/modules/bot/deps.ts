import type { Config } from "../../config.js";
import type { DependencyHealth } from "../../http/dependencyHealth.js";
import { DiscordGateway } from "./discord/gateway.js";
import { RoleCache } from "./roblox/roleCache.js";
import { sleepFor, type Sleep } from "./sleep.js";

/** What the bot's route plugins share: upstream clients, the role cache, the pause seam. */
export interface BotDeps {
	discord: DiscordGateway;
	roles: RoleCache;
	sleep: Sleep;
	/** The exile adapter keeps a CSRF token per workspace between requests. */
	csrfTokens: Map<string, string>;
}

export function createBotDeps(config: Config, clock: () => number, health?: DependencyHealth): BotDeps {
	return {
		discord: new DiscordGateway(config, health),
		roles: new RoleCache(clock),
		sleep: sleepFor(clock),
		csrfTokens: new Map(),
	};
}
