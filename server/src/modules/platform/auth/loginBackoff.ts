import { rateLimited } from "../../../http/errors.js";
import type { FailureCounters } from "../../../security/failureCounters.js";

/** Failures older than this no longer count towards an account's back-off. */
const WINDOW_MS = 15 * 60_000;

/**
 * Per-account login throttle with exponential back-off. After `freeFailures` wrong passwords
 * for one account (from any addresses, within 15 minutes), each further failure makes the
 * account wait 1 s, 2 s, 4 s ... capped at `maxDelayMs`; while it waits, sign-ins for it answer
 * 429 RATE_LIMITED with Retry-After without checking the password. The wait is bounded, never a
 * hard lock: an attacker can slow guessing on an account to one try per `maxDelayMs`, but
 * cannot keep its owner out for longer than that per attempt. A successful sign-in clears it.
 * The per-address login limit (20/min) still applies on top.
 */
export class LoginBackoff {
	constructor(
		private readonly counters: FailureCounters,
		private readonly freeFailures: number,
		private readonly maxDelayMs: number,
		private readonly clock: () => number,
	) {}

	/** Throws 429 while the account is waiting out its back-off. */
	async check(account: string): Promise<void> {
		const now = this.clock();
		const until = await this.counters.heldUntil(this.key(account), now);
		if (until !== undefined) throw rateLimited(Math.max(1, Math.ceil((until - now) / 1000)));
	}

	async failed(account: string): Promise<void> {
		const now = this.clock();
		const failures = await this.counters.add(this.key(account), WINDOW_MS, now);
		const over = failures - this.freeFailures;
		if (over <= 0) return;
		const delay = Math.min(this.maxDelayMs, 1000 * 2 ** Math.min(over - 1, 20));
		await this.counters.hold(this.key(account), now + delay, now);
	}

	async succeeded(account: string): Promise<void> {
		await this.counters.clear(this.key(account), WINDOW_MS, this.clock());
	}

	private key(account: string): string {
		return `login:${account}`;
	}
}

/** The account a login body names, normalised like the lookup (case-insensitive). */
export const accountOf = (body: { email?: string; username?: string }): string =>
	body.email ? `email:${body.email.toLowerCase()}` : `username:${(body.username ?? "").toLowerCase()}`;
