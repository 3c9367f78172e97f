import { decideLock, nextRecheckDelay, ProfileLock } from "shared/classroom/sessionLock";
import { AnswerRecord, migrateProfile, ProfileData, recordAnswer } from "shared/classroom/profile";
import { backoffDelay } from "shared/classroom/budget";

/**
 * Session-locked player profiles on one DataStore, with ProfileStore's guarantees:
 *
 * - Session lock. A profile is written only by the server whose id is in its lock. Loading a
 *   profile locked by another live server asks that server to release it (MessagingService),
 *   re-checks after 5 s and then every 10 s, and steals the lock after 40 s; a lock not
 *   refreshed for 630 s is a crashed server's and is taken at once (see shared/classroom/sessionLock).
 * - Every write is an UpdateAsync that first checks the lock is still ours; a server that lost
 *   its lock never writes again (its session ends), so two servers never both write a profile.
 * - Each save writes the whole profile, and points are stored per answer, so retrying a write
 *   that may have happened is harmless: no loss, no double counting.
 * - A server that finds its lock stolen (it was unresponsive for 40 s) does not overwrite the
 *   profile: it appends the answers it had not saved to the stored `handoff` list, and the
 *   owner folds them in (once each, by answer key) on its next load or save. So even a stolen
 *   session loses no acknowledged answer.
 * - Requests wait for DataStore budget (GetRequestBudgetForRequestType) above a reserve instead
 *   of entering Roblox's throttle queue, and failed requests are retried with backoff.
 * - Saves older than this code are migrated on load; saves from a newer version are refused.
 * - Every write tags the key with its player's user id (UpdateAsync's second return value, as
 *   SetUserIds does), so a Right-to-Erasure request can find and delete the player's data.
 *
 * The DataStore, messaging, clock and wait are injected (the test seam); ProgressService wires
 * the real services, autosave and BindToClose.
 */
export interface StoreLike {
	/** The transform may return the user ids to tag the key with after the new value. */
	UpdateAsync(key: string, transform: (old: unknown) => LuaTuple<[unknown, number[]?]>): unknown;
}

export interface ProfileStoreDeps {
	store: StoreLike;
	/** Requests of type UpdateAsync we may make now. */
	budget: () => number;
	/** Budget left untouched for other features. */
	reserve: number;
	/** Publishes a release request; undefined when messaging is unavailable. */
	requestRelease?: (key: string) => void;
	/** Unix seconds. */
	now: () => number;
	wait: (seconds: number) => void;
	/** The Roblox user ids whose personal data lives under `key` (for SetUserIds / erasure). */
	userIdsOf: (key: string) => number[];
	/** Unique per server process (JobId is empty in Studio). */
	serverId: string;
	placeId: number;
}

interface Stored {
	data: unknown;
	lock?: ProfileLock;
	savedAt?: number;
	/** Answers left by a server that lost the lock, for the owner to fold in. */
	handoff?: AnswerRecord[];
}

export type LoadFailure = "cancelled" | "newer" | "corrupt" | "unavailable";

export interface ProfileStoreStats {
	requests: number;
	retries: number;
	steals: number;
	budgetWaits: number;
}

export class Profile {
	/** False once this server has released the profile or lost its lock. */
	public active = true;
	public lastSavedAt: number;
	/** Answers added since the last successful save. */
	public unsaved: AnswerRecord[] = [];

	public constructor(
		public readonly key: string,
		public readonly data: ProfileData,
		now: number,
	) {
		this.lastSavedAt = now;
	}
}

export class ProfileStore {
	public readonly stats: ProfileStoreStats = { requests: 0, retries: 0, steals: 0, budgetWaits: 0 };

	public constructor(private readonly deps: ProfileStoreDeps) {}

	/** Loads and locks a profile; yields until it is ours or `cancelled()` says to stop. */
	public load(key: string, cancelled: () => boolean = () => false): Profile | LoadFailure {
		let waited = 0;
		let asked = false;
		for (;;) {
			if (cancelled()) return "cancelled";
			const result: { outcome: "locked" | "wait" | LoadFailure; data?: ProfileData } = { outcome: "unavailable" };
			const ok = this.update(key, (old) => {
				const stored = decodeStored(old);
				const decision = decideLock(stored.lock, this.deps.serverId, this.deps.now(), waited);
				if (decision === "wait") {
					result.outcome = "wait";
					return undefined;
				}
				const migrated = migrateProfile(stored.data);
				if (!migrated.ok) {
					result.outcome = migrated.reason;
					return undefined;
				}
				if (decision === "steal") this.stats.steals += 1;
				foldHandoff(migrated.data, stored.handoff);
				result.outcome = "locked";
				result.data = migrated.data;
				return this.encode(migrated.data, true);
			});
			if (!ok) return "unavailable";
			if (result.outcome === "locked" && result.data) return new Profile(key, result.data, this.deps.now());
			if (result.outcome === "locked") return "corrupt";
			if (result.outcome !== "wait") return result.outcome;
			if (!asked) {
				asked = true;
				this.deps.requestRelease?.(key);
			}
			const delay = nextRecheckDelay(waited);
			this.deps.wait(delay);
			waited += delay;
		}
	}

	/**
	 * Writes the profile if we still hold its lock (releasing it when `release`). Returns false
	 * when the write could not be made; if the lock was lost the profile becomes inactive.
	 */
	public save(profile: Profile, release: boolean): boolean {
		if (!profile.active) return false;
		let lost = false;
		const saving = profile.unsaved.size();
		const ok = this.update(profile.key, (old) => {
			const stored = decodeStored(old);
			if (stored.lock === undefined || stored.lock.jobId !== this.deps.serverId) {
				lost = true;
				if (profile.unsaved.size() === 0) return undefined;
				// Not ours any more: leave our unsaved answers for the owner instead of overwriting.
				const handoff = [...(stored.handoff ?? [])];
				for (const answer of profile.unsaved) handoff.push(answer);
				return { ...stored, handoff };
			}
			foldHandoff(profile.data, stored.handoff);
			return this.encode(profile.data, !release);
		});
		if (lost || (ok && release)) profile.active = false;
		if (ok) profile.unsaved = profile.unsaved.filter((_, i) => i >= saving);
		if (ok && !lost) profile.lastSavedAt = this.deps.now();
		return ok && !lost;
	}

	private encode(data: ProfileData, locked: boolean): Stored {
		const now = this.deps.now();
		return {
			data,
			lock: locked ? { jobId: this.deps.serverId, placeId: this.deps.placeId, heartbeat: now } : undefined,
			savedAt: now,
		};
	}

	/** One UpdateAsync with budget waits and retries; false after the last attempt fails. */
	private update(key: string, transform: (old: unknown) => unknown, attempts = 6): boolean {
		for (let attempt = 1; attempt <= attempts; attempt++) {
			this.waitForBudget();
			this.stats.requests += 1;
			const userIds = this.deps.userIdsOf(key);
			// UpdateAsync reads the key's user ids from its transform's second return value.
			// eslint-disable-next-line roblox-ts/no-user-defined-lua-tuple
			const [ok, err] = pcall(() => this.deps.store.UpdateAsync(key, (old) => $tuple(transform(old), userIds)));
			if (ok) return true;
			warn(`[ProfileStore] ${key}: ${err}`);
			if (attempt < attempts) {
				this.stats.retries += 1;
				this.deps.wait(backoffDelay(attempt, undefined, 1, 16));
			}
		}
		return false;
	}

	private waitForBudget(): void {
		for (let i = 0; i < 120 && this.deps.budget() <= this.deps.reserve; i++) {
			this.stats.budgetWaits += 1;
			this.deps.wait(1);
		}
	}
}

function foldHandoff(data: ProfileData, handoff: AnswerRecord[] | undefined): void {
	for (const answer of handoff ?? []) recordAnswer(data, answer, 0);
}

function decodeStored(old: unknown): Stored {
	if (!typeIs(old, "table")) return { data: undefined };
	const value = old as Partial<Stored> & { version?: unknown };
	// A bare profile from before the envelope existed.
	if (value.data === undefined && value.version !== undefined) return { data: old };
	return { data: value.data, lock: value.lock, savedAt: value.savedAt, handoff: value.handoff };
}
