import { HttpClient, Reply, RequestSpec, Result } from "net/HttpClient";
import { PluginSettings } from "settings";
import { DeviceFlow, Tokens } from "./deviceFlow";

/**
 * Who the plugin acts as. The refresh token is kept in plugin settings (so Studio restarts stay
 * signed in); the access token only in memory. Requests go out with the access token; a 401
 * refreshes once (rotating the stored refresh token) and retries; if that fails the session has
 * expired and the user signs in again. Signing out revokes the refresh token on the server.
 */
export class Account {
	private accessToken?: string;

	public constructor(
		private readonly http: HttpClient,
		private readonly device: DeviceFlow,
		private readonly settings: PluginSettings,
	) {}

	public hasStoredSession(): boolean {
		return this.settings.get("RefreshToken") !== undefined;
	}

	public signedIn(tokens: Tokens): void {
		this.accessToken = tokens.accessToken;
		this.settings.set("RefreshToken", tokens.refreshToken);
	}

	/** Trades the stored refresh token for a fresh pair; false when there is none or it is no longer valid. */
	public resume(): Result<true> {
		const stored = this.settings.get("RefreshToken");
		if (stored === undefined) return { ok: false, problem: { kind: "expired" } };
		const tokens = this.device.refresh(stored);
		if (!tokens.ok) {
			if (tokens.problem.kind === "expired") this.forget();
			return tokens;
		}
		this.signedIn(tokens.value);
		return { ok: true, value: true };
	}

	public request(spec: Omit<RequestSpec, "token">): Result<Reply> {
		if (this.accessToken === undefined) {
			const resumed = this.resume();
			if (!resumed.ok) return resumed;
		}
		const first = this.http.request({ ...spec, token: this.accessToken });
		if (first.ok || first.problem.kind !== "expired") return first;
		const resumed = this.resume();
		if (!resumed.ok) return resumed;
		return this.http.request({ ...spec, token: this.accessToken });
	}

	public token(): string | undefined {
		return this.accessToken;
	}

	public signOut(): Result<Reply> | undefined {
		const stored = this.settings.get("RefreshToken");
		this.forget();
		return stored !== undefined ? this.device.revoke(stored) : undefined;
	}

	private forget(): void {
		this.accessToken = undefined;
		this.settings.set("RefreshToken", undefined);
	}
}
