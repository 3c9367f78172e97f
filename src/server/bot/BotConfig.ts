import { Service } from "@flamework/core";
import { RunService, ServerStorage } from "@rbxts/services";
import { t } from "@rbxts/t";
import { ClassroomConfig } from "server/classroom/ClassroomConfig";

/**
 * Bot API settings, from an optional ModuleScript `ServerStorage.BotConfig` returning a table.
 *
 * (default.project.json syncs `config/BotConfig.json`, an example to edit).
 *
 * The workspace key is NOT here: it is read with HttpService:GetSecret(workspaceKeySecret, default
 * "bot_workspace_key") and sent only in the Authorization header. When RunService:IsStudio()
 * only, `studioWorkspaceKey` is the fallback when GetSecret fails; never put a production key
 * there (it is saved into the place file; a live server ignores it).
 */
export interface BotSettings {
	/** The bot API base; default the classroom's backendUrl + "/bot". */
	botUrl: string;
	/** Discord channel id for moderation events; absent = moderation events are not posted. */
	moderationChannelId?: string;
	/** Ceiling for the bot's own HttpService use (Roblox allows 500/min per server; the classroom has its own). */
	httpPerMinute: number;
	/** Name of the Roblox secret holding the workspace key. */
	workspaceKeySecret: string;
	/** Plaintext workspace key used only when GetSecret fails and RunService:IsStudio(). */
	studioWorkspaceKey?: string;
}

export const BOT_SECRET = "bot_workspace_key";

const isOverrides = t.interface({
	botUrl: t.optional(t.string),
	moderationChannelId: t.optional(t.string),
	httpPerMinute: t.optional(t.numberConstrained(1, 200)),
	workspaceKeySecret: t.optional(t.string),
	studioWorkspaceKey: t.optional(t.string),
});

@Service()
export class BotConfig {
	public readonly settings: BotSettings;

	public constructor(classroom: ClassroomConfig) {
		this.settings = { botUrl: `${classroom.settings.backendUrl}/bot`, httpPerMinute: 30, workspaceKeySecret: BOT_SECRET, ...readOverrides() };
		if (!RunService.IsStudio() && this.settings.studioWorkspaceKey !== undefined) {
			warn("[Bot] studioWorkspaceKey is ignored outside Studio; remove it from ServerStorage.BotConfig (it is saved into the place file)");
			this.settings.studioWorkspaceKey = undefined;
		}
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
