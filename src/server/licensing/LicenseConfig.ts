import { Service } from "@flamework/core";
import { RunService, ServerStorage } from "@rbxts/services";
import { t } from "@rbxts/t";
import { ClassroomConfig } from "server/classroom/ClassroomConfig";

/**
 * Licensing settings, from an optional ModuleScript `ServerStorage.LicenseConfig` returning a
 * table (default.project.json syncs `config/LicenseConfig.json`, an example to edit).
 *
 * The licence key is NOT here: it is read with HttpService:GetSecret(licenseKeySecret, default
 * "classroom_license_key") and sent only in the `X-License-Key` header (a Roblox Secret can be
 * used in a URL or a header, never in a JSON body). Studio cannot read secrets unless local
 * secrets are set up, so when RunService:IsStudio() only, `studioLicenseKey` is the fallback;
 * never put a production key there (it is saved into the place file; a live server ignores it).
 * The script id is an identifier, not a credential, and it must go in the verify body, so it is
 * a setting here (a Secret could not be put in the body).
 *
 * With no `scriptId` licensing is off and classroom features run unlicensed (development and
 * self-hosted copies); a licensed build sets it.
 */
export interface LicenseSettings {
	/** The licensing script id (UUID) of this framework build; absent = licensing off. */
	scriptId?: string;
	/** The script version this place was built with (the owner's `update` bumps the current one). */
	version: number;
	/** Licensing backend; default the classroom's backendUrl. */
	backendUrl: string;
	/** Name of the Roblox secret holding the licence key. */
	licenseKeySecret: string;
	/** Plaintext licence key used only when GetSecret fails and RunService:IsStudio(). */
	studioLicenseKey?: string;
	/**
	 * How long a verified server keeps classroom features while the backend is unreachable
	 * (network failure or 5xx), counted from the last answer it got.
	 */
	graceSeconds: number;
	/** Seconds between new verify attempts after a refusal or a termination (re-enabled script, new key). */
	recheckSeconds: number;
}

export const LICENSE_SECRET = "classroom_license_key";

const isOverrides = t.interface({
	scriptId: t.optional(t.string),
	version: t.optional(t.integer),
	backendUrl: t.optional(t.string),
	licenseKeySecret: t.optional(t.string),
	studioLicenseKey: t.optional(t.string),
	graceSeconds: t.optional(t.numberConstrained(0, 86400)),
	recheckSeconds: t.optional(t.numberConstrained(5, 86400)),
});

@Service()
export class LicenseConfig {
	public readonly settings: LicenseSettings;

	public constructor(classroom: ClassroomConfig) {
		this.settings = {
			version: 1,
			backendUrl: classroom.settings.backendUrl,
			licenseKeySecret: LICENSE_SECRET,
			graceSeconds: 600,
			recheckSeconds: 300,
			...readOverrides(),
		};
		if (!RunService.IsStudio() && this.settings.studioLicenseKey !== undefined) {
			warn("[License] studioLicenseKey is ignored outside Studio; remove it from ServerStorage.LicenseConfig (it is saved into the place file)");
			this.settings.studioLicenseKey = undefined;
		}
	}
}

function readOverrides(): Partial<LicenseSettings> {
	const module = ServerStorage.FindFirstChild("LicenseConfig");
	if (!module || !module.IsA("ModuleScript")) return {};
	// Luau require of a ModuleScript instance (not a JS import).
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const [ok, value] = pcall(() => require(module));
	if (ok && isOverrides(value)) return value as Partial<LicenseSettings>;
	warn("[License] ServerStorage.LicenseConfig is invalid; licensing is off");
	return {};
}
