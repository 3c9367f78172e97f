import { Service } from "@flamework/core";
import { RunService, ServerStorage } from "@rbxts/services";
import { t } from "@rbxts/t";

/**
 * Place settings, from an optional ModuleScript `ServerStorage.ClassroomConfig` returning a table
 * (default.project.json syncs `config/ClassroomConfig.json`, an example to edit). Everything has
 * a default so the place runs bare.
 *
 * `backendUrl` defaults to a placeholder on a reserved domain (`.example` never resolves): a live
 * server cannot reach localhost, so there is no working default, and with the placeholder the
 * classroom makes no backend request and says so once. In Studio, where HttpService may call
 * localhost, the placeholder stands for the backend `npm start` runs (http://127.0.0.1:8009).
 *
 * The place key is NOT here: it is read with HttpService:GetSecret(placeKeySecret) (Creator
 * Dashboard > Secrets in production, Experience Settings > Security > Secrets as a local secret in
 * Studio). `studioPlaceKey` is a plaintext fallback used only when RunService:IsStudio(); it is
 * saved into the place file, so never put a production key there (a live server ignores it and warns).
 *
 * Teachers: a Roblox user is a teacher when the backend says its Roblox account is linked to a
 * teacher account (the v1 OAuth flow stores users.roblox_user_id), or when its user id is in
 * `teacherUserIds` (for Studio and for schools without the backend link).
 */
export const BACKEND_URL_PLACEHOLDER = "https://your-backend.example";
/** What `npm start` serves (server/src/config.ts PORT). */
export const LOCAL_BACKEND_URL = "http://127.0.0.1:8009";
export const PLACE_KEY_SECRET = "classroom_place_key";

export interface ClassroomSettings {
	backendUrl: string;
	/** Name of the Roblox secret holding the place key (`Bearer` auth to the backend). */
	placeKeySecret: string;
	/** This place as the backend knows it (the place key's placeId); default game.PlaceId. */
	backendPlaceId?: string;
	/** Plaintext place key used only when GetSecret fails and RunService:IsStudio(). */
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
	backendUrl: BACKEND_URL_PLACEHOLDER,
	placeKeySecret: PLACE_KEY_SECRET,
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
	placeKeySecret: t.optional(t.string),
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
	/** False while backendUrl is the placeholder on a live server: no backend request is made. */
	public readonly backendConfigured: boolean;

	public constructor() {
		const settings = { ...DEFAULT_SETTINGS, ...readOverrides() };
		const studio = RunService.IsStudio();
		this.backendConfigured = true;
		if (isPlaceholder(settings.backendUrl)) {
			if (studio) {
				settings.backendUrl = LOCAL_BACKEND_URL;
			} else {
				this.backendConfigured = false;
				warn(
					`[Classroom] backendUrl is the placeholder ${settings.backendUrl}: set backendUrl in ServerStorage.ClassroomConfig ` +
						"to your backend's public https URL. Backend features (sessions, reports, lessons, teachers) are off.",
				);
			}
		}
		if (!studio && settings.studioPlaceKey !== undefined) {
			warn("[Classroom] studioPlaceKey is ignored outside Studio; remove it from ServerStorage.ClassroomConfig (it is saved into the place file)");
			settings.studioPlaceKey = undefined;
		}
		this.settings = settings;
	}
}

/** A URL on the reserved `.example` domain, which never resolves. */
export function isPlaceholder(url: string): boolean {
	const [host] = url.match("^%a+://([^/:]+)");
	return typeIs(host, "string") && (host === "example" || host.sub(-8) === ".example");
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
