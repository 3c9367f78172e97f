import { badRequest } from "../../../http/errors.js";
import type { UserActionRequest } from "./schema.js";

/** Discord's longest timeout: 28 days. */
export const MAX_TIMEOUT_MS = 28 * 24 * 60 * 60 * 1000;

export type MemberAction =
	| { kind: "GetRoles"; target: string }
	| { kind: "Timeout"; targets: string[]; ms: number }
	| { kind: "Mute" | "Deafen"; targets: string[]; on: boolean }
	| { kind: "AddRoles" | "RemoveRoles"; target: string; roles: string[] };

/**
 * The per-method field rules of the spec's table, checked after the schema: which target
 * field is required, what `state` means (Timeout: ms, 0 or false clears, capped at Discord's
 * 28 days; Mute/Deafen: boolean) and that `roles` holds role ids.
 */
export function parseAction(body: UserActionRequest): MemberAction {
	switch (body.method) {
		case "GetRoles":
			return { kind: "GetRoles", target: requireUserid(body) };
		case "AddRoles":
		case "RemoveRoles": {
			const target = requireUserid(body);
			const roles = (body.roles ?? "").split(/\s+/).filter(Boolean);
			if (roles.length === 0) throw invalid("roles", `roles is required when method=${body.method}`);
			if (roles.length > 25) throw invalid("roles", "at most 25 roles per call");
			const bad = roles.find((r) => !/^[0-9]{17,20}$/.test(r));
			if (bad) throw invalid("roles", `'${bad.slice(0, 30)}' is not a Discord role id`);
			return { kind: body.method, target, roles: [...new Set(roles)] };
		}
		case "Timeout": {
			const targets = requireTargets(body);
			if (body.state === undefined) throw invalid("state", "state (milliseconds) is required when method=Timeout");
			if (body.state === true) throw invalid("state", "state must be a number of milliseconds (0 or false clears)");
			const ms = body.state === false ? 0 : body.state;
			if (ms < 0) throw invalid("state", "state must not be negative");
			return { kind: "Timeout", targets, ms: Math.min(ms, MAX_TIMEOUT_MS) };
		}
		case "Mute":
		case "Deafen": {
			const targets = requireTargets(body);
			if (typeof body.state !== "boolean") throw invalid("state", `state (boolean) is required when method=${body.method}`);
			return { kind: body.method, targets, on: body.state };
		}
	}
}

function requireUserid(body: UserActionRequest): string {
	if (!body.userid) throw invalid("userid", `userid is required when method=${body.method}`);
	return body.userid;
}

function requireTargets(body: UserActionRequest): string[] {
	const targets = [...new Set([...(body.users ?? []), ...(body.userid ? [body.userid] : [])])];
	if (targets.length === 0) throw invalid("users", `userid or users is required when method=${body.method}`);
	return targets;
}

const invalid = (field: string, message: string) => badRequest(message, { field, issue: message });
