import { Service } from "@flamework/core";
import { ServerStorage } from "@rbxts/services";
import { t } from "@rbxts/t";

/**
 * Place settings, from an optional ModuleScript `ServerStorage.ClassroomConfig` returning a table
 * (Rojo syncs it from `ClassroomConfig.json`). Everything has a default so the place runs bare.
 *
 * The place key is NOT here: it is read with HttpService:GetSecret("classroom_place_key")
 * (Game Settings > Security > Secrets in production). Studio cannot read secrets unless local
 * secrets are configured, so in Studio only the `studioPlaceKey` field below is used as a
 * fallback; never put a production key there.
 *
 * Teachers: a Roblox user is a teacher when the backend says its Roblox account is linked to a
 * teacher account (the v1 OAuth flow stores users.roblox_user_id), or when its user id is in
 * `teacherUserIds` (for Studio and for schools without the backend link).
 */
export interface ClassroomSettings {
	backendUrl: string;
	/** This place as the backend knows it (the place key's placeId); default game.PlaceId. */
	backendPlaceId?: string;
	/** Used only when GetSecret fails in Studio. */
	studioPlaceKey?: string;
	teacherUserIds: number[];
	/**
	 * Ask the backend (GET /v2/roblox/teachers/{userId}) whether a player is a linked teacher: one
	 * request per new player not on the allow-list, answer cached for the server's life. On by default.
	 */
	verifyTeachersWithBackend: boolean;
	/** Ceiling for our own HttpService use; Roblox allows 500/min, the backend's data limit is 100/min. */
	httpPerMinute: number;
	/** Seconds between flushes of batched answer and progress reports. */
	reportInterval: number;
	/** Seconds between apply-content polls (0 disables polling). */
	contentPollInterval: number;
	/** Default question time limit in seconds. */
	questionTime: number;
	maxPlayers: number;
	allowHints: boolean;
	/** Session time limit in seconds. */
	sessionTimeLimit: number;
	/** "auto": everyone in the server joins; "code": students type the session code. */
	joinMode: "auto" | "code";
	/** DataStore holding the profiles. */
	profileStore: string;
	/** Seconds between autosaves of each loaded profile (also refreshes its session lock). */
	autosaveInterval: number;
	/** Seconds after an answer before its profile is saved (answers coalesce into one write). */
	saveDelay: number;
	/** Share of each DataStore budget kept free for other features. */
	dataStoreReserve: number;
}

export const DEFAULT_SETTINGS: ClassroomSettings = {
	backendUrl: "http://127.0.0.1:8080",
	teacherUserIds: [],
	verifyTeachersWithBackend: true,
	httpPerMinute: 50,
	reportInterval: 15,
	contentPollInterval: 60,
	questionTime: 30,
	maxPlayers: 30,
	allowHints: true,
	sessionTimeLimit: 3600,
	joinMode: "auto",
	profileStore: "ClassroomProfiles_v1",
	autosaveInterval: 120,
	saveDelay: 30,
	dataStoreReserve: 10,
};

const isOverrides = t.interface({
	backendUrl: t.optional(t.string),
	backendPlaceId: t.optional(t.string),
	studioPlaceKey: t.optional(t.string),
	teacherUserIds: t.optional(t.array(t.number)),
	verifyTeachersWithBackend: t.optional(t.boolean),
	httpPerMinute: t.optional(t.numberConstrained(1, 400)),
	reportInterval: t.optional(t.numberConstrained(1, 300)),
	contentPollInterval: t.optional(t.numberConstrained(0, 3600)),
	questionTime: t.optional(t.numberConstrained(5, 600)),
	maxPlayers: t.optional(t.numberConstrained(1, 200)),
	allowHints: t.optional(t.boolean),
	sessionTimeLimit: t.optional(t.numberConstrained(60, 86400)),
	joinMode: t.optional(t.literal("auto", "code")),
	profileStore: t.optional(t.string),
	autosaveInterval: t.optional(t.numberConstrained(10, 600)),
	saveDelay: t.optional(t.numberConstrained(1, 300)),
	dataStoreReserve: t.optional(t.numberConstrained(0, 1000)),
});

@Service()
export class ClassroomConfig {
	public readonly settings: ClassroomSettings;

	public constructor() {
		this.settings = { ...DEFAULT_SETTINGS, ...readOverrides() };
	}
}

function readOverrides(): Partial<ClassroomSettings> {
	const module = ServerStorage.FindFirstChild("ClassroomConfig");
	if (!module || !module.IsA("ModuleScript")) return {};
	// Luau require of a ModuleScript instance (not a JS import).
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const [ok, value] = pcall(() => require(module));
	if (ok && isOverrides(value)) return value as Partial<ClassroomSettings>;
	warn("[Classroom] ServerStorage.ClassroomConfig is invalid; using defaults");
	return {};
}
