/**
 * Why classroom features are off, as a stable reason and the sentence players read. Heartbeat
 * terminations and verify refusals that mean the same thing share one reason.
 */
export type InactiveReason =
	| "disabled"
	| "key_revoked"
	| "expired"
	| "outdated"
	| "disconnected"
	| "invalid_key"
	| "not_for_place"
	| "unknown_script"
	| "misconfigured"
	| "unreachable";

/** A verify refusal's error code as a reason (undefined: not a refusal, e.g. 429). */
export function reasonOfRefusal(code: string | undefined): InactiveReason {
	switch (code) {
		case "SCRIPT_DISABLED":
			return "disabled";
		case "KEY_BLACKLISTED":
			return "key_revoked";
		case "KEY_EXPIRED":
			return "expired";
		case "OUTDATED":
			return "outdated";
		case "KEY_REQUIRED":
		case "INVALID_KEY":
			return "invalid_key";
		case "KEY_NOT_FOR_PLACE":
			return "not_for_place";
		case "NOT_FOUND":
			return "unknown_script";
		default:
			return "misconfigured";
	}
}

/** A heartbeat terminate reason as a reason (`ended` never reaches here: it is ours). */
export function reasonOfTermination(reason: string): InactiveReason {
	if (reason === "disabled" || reason === "key_revoked" || reason === "expired" || reason === "outdated" || reason === "disconnected") {
		return reason;
	}
	return "misconfigured";
}

export function messageFor(reason: InactiveReason, requiredVersion?: number): string {
	switch (reason) {
		case "disabled":
			return "Classroom features are off: the framework's licence was disabled by its owner.";
		case "key_revoked":
			return "Classroom features are off: this game's licence key was revoked.";
		case "expired":
			return "Classroom features are off: this game's licence has expired.";
		case "outdated":
			return `This server runs an outdated version of the classroom; version ${requiredVersion ?? "?"} is required. Please rejoin to get an up-to-date server.`;
		case "disconnected":
			return "Classroom features are off: the licence owner ended this server's licence session.";
		case "invalid_key":
			return "Classroom features are off: this game has no valid licence key.";
		case "not_for_place":
			return "Classroom features are off: this licence key belongs to another game creator.";
		case "unknown_script":
		case "misconfigured":
			return "Classroom features are off: this game's licence is not set up correctly.";
		case "unreachable":
			return "Classroom features are paused: the licence server cannot be reached. They come back on their own.";
	}
}
