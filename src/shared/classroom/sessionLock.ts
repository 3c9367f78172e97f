/**
 * The profile session lock, decided purely from the stored lock and the clock. The timings
 * follow ProfileStore: a server that finds another's lock asks it to release (MessagingService),
 * re-checks after 5 s and then every 10 s, and steals the lock after waiting 40 s; a lock whose
 * owner has not written for 630 s belongs to a crashed server and is taken at once.
 */
export const FIRST_RECHECK = 5;
export const RECHECK_EVERY = 10;
export const STEAL_AFTER = 40;
export const DEAD_AFTER = 630;

export interface ProfileLock {
	/** The game server (JobId) holding the profile. */
	jobId: string;
	placeId: number;
	/** Unix seconds of the owner's last write (each autosave refreshes it). */
	heartbeat: number;
}

export type LockDecision = "take" | "wait" | "steal";

export function decideLock(lock: ProfileLock | undefined, myJobId: string, now: number, waited: number): LockDecision {
	if (lock === undefined || lock.jobId === myJobId) return "take";
	if (now - lock.heartbeat >= DEAD_AFTER) return "take";
	if (waited >= STEAL_AFTER) return "steal";
	return "wait";
}

/** Seconds to wait before the next check, given how long we have waited so far. */
export function nextRecheckDelay(waited: number): number {
	return waited <= 0 ? FIRST_RECHECK : RECHECK_EVERY;
}
