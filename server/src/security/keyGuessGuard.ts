import { rateLimited } from "../http/errors.js";
import { hashApiKey } from "./apiKeys.js";
import type { Redis } from "ioredis";
import { FailureCounters } from "./failureCounters.js";

const WINDOW_MS = 60_000;
/** How long a key that authenticated stays exempt from its address's failure count. */
const KNOWN_GOOD_MS = 10 * 60_000;
const MAX_KNOWN_GOOD = 10_000;

/**
 * Failed-credential throttle for one key-authenticated API (`realm`: classroom place keys, bot
 * workspace keys, licensing owner keys). Unknown keys are counted per source address in
 * one-minute windows; once an address reaches `perMinute` failures, further unknown keys from it
 * answer 429 RATE_LIMITED with Retry-After, without a database lookup, until the window ends.
 * Roblox game servers share egress addresses, so a key that authenticated in the last 10
 * minutes (remembered by digest in this process) is never refused by its address's failures.
 */
export class KeyGuessGuard {
	private readonly knownGood = new Map<string, number>();

	constructor(
		private readonly counters: FailureCounters,
		private readonly realm: string,
		private readonly perMinute: number,
		private readonly clock: () => number,
	) {}

	/** Throws 429 when `ip` has used its failures this minute and `key` is not a known good key. */
	async check(ip: string, key: string): Promise<void> {
		const now = this.clock();
		const good = this.knownGood.get(hashApiKey(key));
		if (good !== undefined && good > now) return;
		if ((await this.counters.count(this.slot(ip), WINDOW_MS, now)) >= this.perMinute) {
			throw rateLimited(Math.max(1, Math.ceil((WINDOW_MS - (now % WINDOW_MS)) / 1000)));
		}
	}

	async fail(ip: string): Promise<void> {
		await this.counters.add(this.slot(ip), WINDOW_MS, this.clock());
	}

	succeeded(key: string): void {
		if (this.knownGood.size >= MAX_KNOWN_GOOD) this.knownGood.clear();
		this.knownGood.set(hashApiKey(key), this.clock() + KNOWN_GOOD_MS);
	}

	private slot(ip: string): string {
		return `key:${this.realm}:${ip}`;
	}
}

const perCore = new WeakMap<object, { counters: FailureCounters; guards: Map<string, KeyGuessGuard> }>();

/** The app's guard for `realm` (one per process and realm, sharing the app's counters). */
export function keyGuessGuard(core: { redis?: Redis; clock: () => number; config: { KEY_FAILURES_PER_IP_PER_MINUTE: number; REDIS_KEY_PREFIX: string } }, realm: string): KeyGuessGuard {
	const counters = failureCountersOf(core);
	const guards = perCore.get(core)!.guards;
	let guard = guards.get(realm);
	if (!guard) guards.set(realm, (guard = new KeyGuessGuard(counters, realm, core.config.KEY_FAILURES_PER_IP_PER_MINUTE, core.clock)));
	return guard;
}

/** The app's failure counters (shared by every guard and throttle of one app). */
export function failureCountersOf(core: { redis?: Redis; config: { REDIS_KEY_PREFIX: string } }): FailureCounters {
	let entry = perCore.get(core);
	if (!entry) perCore.set(core, (entry = { counters: new FailureCounters(core.redis, `${core.config.REDIS_KEY_PREFIX}classroom-fail:`), guards: new Map() }));
	return entry.counters;
}
