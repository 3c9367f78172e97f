import { rateLimited } from "../../http/errors.js";
import type { FailureCounters } from "../../security/failureCounters.js";

const WINDOW_MS = 60_000;

/**
 * Throttles licence-key guessing without locking out licensed servers. Roblox game servers share
 * egress addresses, so a throttle that refuses by address or by script would let one
 * misconfigured place (or an attacker) lock out every server behind the same address, or every
 * server of a script. Instead:
 *
 * - a VALID key is never refused by failure counters: it is looked up first, and verifies
 *   whatever other callers (or its own address) did;
 * - an INVALID key is counted per source address and script, and per script, in one-minute
 *   windows of app.core.clock time; once its address has used its failures for that script
 *   (perIp), or the script has used its failures from all addresses (perScript), it answers
 *   429 RATE_LIMITED with Retry-After instead of 401 until the window ends.
 *
 * Unknown script ids count per address in one bucket of their own. Counters are shared through
 * Redis when configured (see FailureCounters). Keys are 192-bit random: guessing one is not
 * feasible either way; the throttle keeps the noise visible and bounded.
 */
export class GuessThrottle {
	constructor(
		private readonly counters: FailureCounters,
		private readonly perIp: number,
		private readonly perScript: number,
		private readonly clock: () => number,
	) {}

	/**
	 * Records a failed verification (bad key for `scriptId`, or an unknown script when undefined).
	 * Throws 429 when this address (for this script), or the script, had already used its
	 * failures this window; otherwise returns and the caller refuses with its own 401/404.
	 */
	async failed(ip: string, scriptId: string | undefined): Promise<void> {
		const now = this.clock();
		const ipKey = `lic:ip:${scriptId ?? "unknown-script"}:${ip}`;
		const scriptKey = scriptId === undefined ? undefined : `lic:script:${scriptId}`;
		const [byIp, byScript] = await Promise.all([
			this.counters.add(ipKey, WINDOW_MS, now),
			scriptKey ? this.counters.add(scriptKey, WINDOW_MS, now) : Promise.resolve(0),
		]);
		// Counts include this failure: the limit-th failure is still answered normally.
		if (byIp > this.perIp || byScript > this.perScript) throw rateLimited(Math.max(1, Math.ceil((WINDOW_MS - (now % WINDOW_MS)) / 1000)));
	}
}
