import { OnStart, Service } from "@flamework/core";
import { HttpService, RunService } from "@rbxts/services";
import { t } from "@rbxts/t";
import { Listeners } from "shared/classroom/listeners";
import { LicenseConfig } from "./LicenseConfig";
import { InactiveReason, messageFor, reasonOfRefusal, reasonOfTermination } from "./licenseMessages";

export type LicenseState = "unlicensed" | "verifying" | "active" | "inactive";

export interface LicenseStatus {
	active: boolean;
	state: LicenseState;
	/** Why features are off (inactive), or "unreachable" while a verified server rides out an outage. */
	reason?: InactiveReason;
	/** What players are told; set whenever `active` is false after verification. */
	message?: string;
	/** The version the licence owner requires, when the backend said so. */
	requiredVersion?: number;
}

/**
 * The place's licence (protocol: server/README.md, "Licensing: game-facing protocol"). On boot
 * it verifies with the backend before classroom features may start, then heartbeats on the
 * interval the backend returns. A `terminate` turns features off (outdated: LicenseNotices kicks
 * players); the service then verifies again, at once (a session lost to an outage comes back,
 * a disabled script or revoked key is refused with its reason) or every `recheckSeconds`.
 *
 * Backend unreachable (network failure or 5xx): a verified server keeps features for
 * `graceSeconds` after its last answer from the backend (players notice nothing), then turns
 * them off with reason "unreachable" and keeps trying; the first answer brings them back. A
 * server that was never verified keeps features off until it is.
 *
 * State is server-only: no remote carries the key, the script id or the session id.
 */
@Service()
export class LicenseService implements OnStart {
	/** Fires when `isActive()` flips or the reason changes. */
	public readonly onChanged = new Listeners<[status: LicenseStatus]>("LicenseService.onChanged");
	private status: LicenseStatus;
	private sessionId?: string;
	private interval = 30;
	private lastContact?: number;
	private key?: Secret | string;

	public constructor(private readonly config: LicenseConfig) {
		this.status = config.settings.scriptId === undefined ? { active: true, state: "unlicensed" } : { active: false, state: "verifying" };
	}

	public onStart(): void {
		if (this.status.state === "unlicensed") {
			warn("[License] no scriptId in ServerStorage.LicenseConfig: licensing is off");
			return;
		}
		this.key = readKey(this.config.settings.licenseKeySecret, this.config.settings.studioLicenseKey);
		task.spawn(() => this.run());
		game.BindToClose(() => this.end());
	}

	public isActive(): boolean {
		return this.status.active;
	}

	public current(): LicenseStatus {
		return { ...this.status };
	}

	private run(): void {
		for (;;) {
			const [ok, outcome] = pcall(() => {
				const verified = this.verify();
				return verified === "heartbeat" ? this.heartbeatUntilLost() : verified;
			});
			if (ok && outcome === "stop") return;
			if (!ok) {
				// A bug here must not end licensing for the server's life: log and verify again.
				warn(`[License] ${outcome}`);
				task.wait(15);
			}
		}
	}

	/** One verify; waits as needed before returning what to do next. */
	private verify(): "heartbeat" | "again" | "stop" {
		const settings = this.config.settings;
		const headers: Record<string, unknown> = {};
		if (this.key !== undefined) headers["X-License-Key"] = this.key;
		const reply = this.post("/licensing/game/verify", {
			script_id: settings.scriptId,
			version: settings.version,
			place_id: game.PlaceId,
			job_id: game.JobId,
			roblox_id: game.CreatorId,
		}, headers);
		if (reply.status === 200 && !isVerifyReply(reply.data)) {
			// A 200 we cannot read (a proxy's HTML page, a wrong body) is no verification: an outage.
			warn("[License] unexpected verify reply; trying again");
			this.noteOutage();
			task.wait(math.min(this.interval, 15));
			return "again";
		}
		if (reply.status === 200 && isVerifyReply(reply.data)) {
			const data = reply.data;
			this.lastContact = os.clock();
			this.interval = math.max(1, data.heartbeat_interval ?? this.interval);
			this.setStatus({ active: true, state: "active", requiredVersion: data.current_version });
			if (data.heartbeat === true && typeIs(data.session_id, "string")) {
				this.sessionId = data.session_id;
				return "heartbeat";
			}
			return "stop"; // verified once: no session to keep
		}
		if (outage(reply.status)) {
			this.noteOutage();
			task.wait(math.min(this.interval, 15));
			return "again";
		}
		if (reply.status === 429) {
			task.wait(math.clamp(tonumber(reply.headers["retry-after"]) ?? 30, 1, 300));
			return "again";
		}
		this.lastContact = os.clock();
		const reason = reasonOfRefusal(reply.code);
		const required = reply.details?.required_version;
		this.setInactive(reason, typeIs(required, "number") ? required : undefined);
		if (reason === "outdated") return "stop"; // this build can never become current
		task.wait(settings.recheckSeconds);
		return "again";
	}

	/** Heartbeats until the session is terminated or unknown; then the caller verifies again. */
	private heartbeatUntilLost(): "again" | "stop" {
		for (;;) {
			task.wait(this.interval);
			const sessionId = this.sessionId;
			if (sessionId === undefined) return "stop"; // ended by BindToClose
			const reply = this.post("/licensing/game/heartbeat", { session_id: sessionId }, {});
			if (reply.status === 404) {
				this.sessionId = undefined;
				return "again";
			}
			if (reply.status !== 200 || !isHeartbeatReply(reply.data)) {
				if (reply.status === 200) warn("[License] unexpected heartbeat reply");
				this.noteOutage();
				continue;
			}
			const data = reply.data;
			this.lastContact = os.clock();
			this.interval = math.max(1, data.heartbeat_interval ?? this.interval);
			if (data.status === "ok") {
				this.setStatus({ active: true, state: "active", requiredVersion: data.required_version });
				continue;
			}
			this.sessionId = undefined;
			const reason = reasonOfTermination(data.reason ?? "");
			if (data.reason === "ended") return "again";
			if (reason === "outdated") {
				this.setInactive(reason, data.required_version);
				return "stop"; // an outdated build is never current again
			}
			if (reason === "disconnected") {
				// The owner ended this session on purpose: do not reconnect at once.
				this.setInactive(reason, data.required_version);
				task.wait(this.config.settings.recheckSeconds);
			}
			return "again";
		}
	}

	/** Within the grace period nothing changes; beyond it features go off until an answer comes. */
	private noteOutage(): void {
		if (this.lastContact === undefined) return; // never verified: features stay off
		if (os.clock() - this.lastContact >= this.config.settings.graceSeconds) this.setInactive("unreachable");
	}

	private setInactive(reason: InactiveReason, requiredVersion?: number): void {
		this.setStatus({ active: false, state: "inactive", reason, message: messageFor(reason, requiredVersion), requiredVersion });
	}

	private setStatus(status: LicenseStatus): void {
		const previous = this.status;
		this.status = status;
		if (previous.active !== status.active || previous.reason !== status.reason) this.onChanged.fire({ ...status });
	}

	private end(): void {
		const sessionId = this.sessionId;
		this.sessionId = undefined;
		if (sessionId !== undefined) this.post("/licensing/game/end", { session_id: sessionId }, {});
	}

	private post(path: string, body: object, headers: Record<string, unknown>): Reply {
		const [ok, result] = pcall(() =>
			HttpService.RequestAsync({
				Url: this.config.settings.backendUrl + path,
				Method: "POST",
				Headers: { "Content-Type": "application/json", ...headers } as Record<string, string>,
				Body: HttpService.JSONEncode(body),
			}),
		);
		if (!ok) return { status: 0, headers: {} };
		const lower: Record<string, string> = {};
		for (const [k, v] of pairs(result.Headers)) lower[k.lower()] = v;
		const [decoded, value] = pcall(() => HttpService.JSONDecode(result.Body));
		const data = decoded && typeIs(value, "table") ? (value as { error?: { code?: unknown; details?: unknown } }) : undefined;
		const code = data?.error && typeIs(data.error.code, "string") ? data.error.code : undefined;
		const details = data?.error && typeIs(data.error.details, "table") ? (data.error.details as Record<string, unknown>) : undefined;
		return { status: result.StatusCode, headers: lower, data, code, details };
	}
}

/** The success bodies of POST /licensing/game/verify and /heartbeat (server/src/modules/licensing/game/schema.ts). */
const isVerifyReply = t.interface({
	session_id: t.optional(t.string),
	heartbeat: t.boolean,
	heartbeat_interval: t.number,
	current_version: t.optional(t.number),
});

const isHeartbeatReply = t.interface({
	status: t.literal("ok", "terminate"),
	reason: t.optional(t.string),
	required_version: t.optional(t.number),
	heartbeat_interval: t.optional(t.number),
});

interface Reply {
	status: number;
	headers: Record<string, string>;
	data?: unknown;
	code?: string;
	details?: Record<string, unknown>;
}

function outage(status: number): boolean {
	return status === 0 || status >= 500;
}

/** The key as a Secret (production) or, in Studio only, the config fallback; none for free_for_all. */
function readKey(secretName: string, studioKey: string | undefined): Secret | string | undefined {
	const [ok, secret] = pcall(() => HttpService.GetSecret(secretName));
	if (ok) return secret;
	if (RunService.IsStudio() && studioKey !== undefined) return studioKey;
	return undefined;
}
