/** The bot API's request shapes (shared/specs/game-server-bot-openapi.json), for game code. */
export interface BotEmbed {
	title?: string;
	description?: string;
	/** 24-bit RGB. */
	color?: number;
	url?: string;
	image?: string;
	thumbnail?: string;
	author?: string;
	footer?: string;
	fields?: { name: string; value: string; inline?: boolean }[];
	/** Discord user id mentioned alongside the embed. */
	ping?: string;
}

export type UserAction =
	| { method: "GetRoles"; serverid: string; userid: string }
	| { method: "Timeout"; serverid: string; users: string[]; state: number }
	| { method: "Mute" | "Deafen"; serverid: string; users: string[]; state: boolean }
	| { method: "AddRoles" | "RemoveRoles"; serverid: string; userid: string; roles: string };

export interface ExileResult {
	/** The input as sent (username or id). */
	user: string;
	success: boolean;
	message: string;
	/** 0: the input did not resolve to a Roblox user. */
	attempts: number;
}

export interface BotResult<T = unknown> {
	ok: boolean;
	/** HTTP status; 0 when the request never got an answer (or was not sent). */
	status: number;
	data?: T;
	/** The error envelope's code (UNAUTHORIZED, RATE_LIMITED, NOT_FOUND, DISCORD_API_ERROR...). */
	code?: string;
	/** A success whose body did not have the route's shape (`data` is left out). */
	unexpected?: boolean;
}

export interface ModerationEvent {
	/** What happened, e.g. "Kicked", "Muted", "Exiled", "Reported". */
	action: string;
	target: { userId: number; name: string };
	moderator?: { userId: number; name: string };
	reason?: string;
	/** Extra facts as embed fields. */
	details?: Record<string, string>;
}
