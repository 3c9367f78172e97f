import { Type } from "@sinclair/typebox";
import { Uuid } from "../schema.js";

/** Place ids and creator ids; 0 is allowed because an unpublished place in Studio reports 0. */
const PlaceNumber = (description: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });

export const TERMINATE_REASONS = ["disabled", "key_revoked", "outdated", "expired", "disconnected", "ended"] as const;
export type TerminateReason = (typeof TERMINATE_REASONS)[number];

export const VerifyBody = Type.Object(
	{
		script_id: Uuid,
		key: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "Licence key (`lk_...`); optional when the script is free_for_all" })),
		version: Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: "Script version this server runs" }),
		place_id: PlaceNumber("game.PlaceId"),
		job_id: Type.String({ maxLength: 100, description: 'game.JobId ("" in Studio)' }),
		roblox_id: PlaceNumber("game.CreatorId: the place creator's Roblox user id"),
		heartbeat: Type.Optional(
			Type.Boolean({ default: true, description: "Whether this server will keep a heartbeat session. false on a require_sessions script is refused (403 SESSION_REQUIRED)" }),
		),
	},
	{ additionalProperties: false },
);

/** Roblox game servers hold the key as a Secret, usable only in a URL or a header, never in a JSON body. */
export const VerifyHeaders = Type.Object({
	"x-license-key": Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "Licence key (`lk_...`); wins over the body `key`" })),
});

export const VerifyResponse = Type.Object({
	success: Type.Literal(true),
	session_id: Type.Union([Uuid, Type.Null()], { description: "null when no session is kept (use_heartbeat off, or heartbeat: false): verified once" }),
	heartbeat: Type.Boolean({ description: "true: POST /licensing/game/heartbeat every heartbeat_interval seconds" }),
	heartbeat_interval: Type.Integer({ description: "Seconds between heartbeats; 3 missed intervals and the session is dead" }),
	current_version: Type.Integer({ description: "The script's current version" }),
	outdated: Type.Boolean({ description: "This server runs an older version than current_version (allowed: kick_outdated is off)" }),
});

export const SessionBody = Type.Object({ session_id: Uuid }, { additionalProperties: false });

export const HeartbeatResponse = Type.Object({
	success: Type.Literal(true),
	status: Type.Union([Type.Literal("ok"), Type.Literal("terminate")]),
	reason: Type.Union([...TERMINATE_REASONS.map((r) => Type.Literal(r)), Type.Null()], { description: "Why to terminate; null when ok" }),
	required_version: Type.Integer({ description: "The script's current version (the version to run)" }),
	heartbeat_interval: Type.Integer({ description: "Seconds until the next heartbeat" }),
});
