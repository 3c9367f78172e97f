import { Service } from "@flamework/core";
import { ServerStorage } from "@rbxts/services";
import { t } from "@rbxts/t";
import { ClassroomConfig } from "server/classroom/ClassroomConfig";

/**
 * Bot API settings, from an optional ModuleScript `ServerStorage.BotConfig` returning a table.
 *
 * The workspace key is NOT here: it is read with HttpService:GetSecret("bot_workspace_key") and
 * sent only in the Authorization header. In Studio only, `studioWorkspaceKey` is the fallback
 * when GetSecret fails; never put a production key there.
 */
export interface BotSettings {
	/** The bot API base; default the classroom's backendUrl + "/bot". */
	botUrl: string;
	/** Discord channel id for moderation events; absent = moderation events are not posted. */
	moderationChannelId?: string;
	/** Ceiling for the bot's own HttpService use (Roblox allows 500/min per server; the classroom has its own). */
	httpPerMinute: number;
	/** Used only when GetSecret fails in Studio. */
	studioWorkspaceKey?: string;
}

export const BOT_SECRET = "bot_workspace_key";

const isOverrides = t.interface({
	botUrl: t.optional(t.string),
	moderationChannelId: t.optional(t.string),
	httpPerMinute: t.optional(t.numberConstrained(1, 200)),
	studioWorkspaceKey: t.optional(t.string),
});

@Service()
export class BotConfig {
	public readonly settings: BotSettings;

	public constructor(classroom: ClassroomConfig) {
		this.settings = { botUrl: `${classroom.settings.backendUrl}/bot`, httpPerMinute: 30, ...readOverrides() };
	}
}

function readOverrides(): Partial<BotSettings> {
	const module = ServerStorage.FindFirstChild("BotConfig");
	if (!module || !module.IsA("ModuleScript")) return {};
	// Luau require of a ModuleScript instance (not a JS import).
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const [ok, value] = pcall(() => require(module));
	if (ok && isOverrides(value)) return value as Partial<BotSettings>;
	warn("[Bot] ServerStorage.BotConfig is invalid; using defaults");
	return {};
}
