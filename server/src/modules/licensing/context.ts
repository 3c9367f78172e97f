import type { Config } from "../../config.js";
import type { Db } from "../../db/client.js";
import type { GuessThrottle } from "./guessThrottle.js";
import type { LiveSessions } from "./liveSessions.js";

/** What the licensing sub-plugins share; built once in index.ts. */
export interface LicensingContext {
	db: Db;
	clock: () => number;
	config: Config;
	live: LiveSessions;
	throttle: GuessThrottle;
	/** Heartbeat interval in ms; a session with no heartbeat for 3 of these is dead. */
	intervalMs: number;
}

export const DEAD_AFTER_INTERVALS = 3;

/** Sessions seen at or after this time are live. */
export const liveSince = (ctx: LicensingContext, now: number): number => now - DEAD_AFTER_INTERVALS * ctx.intervalMs;
