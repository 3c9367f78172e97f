import { rateLimited } from "../../http/errors.js";

/**
 * Throttles licence-key guessing. Failed verifications are counted per source IP and per script
 * in fixed one-minute windows of app.core.clock time; once either count reaches its limit, every
 * verification from that IP, or with a key for that script, answers 429 RATE_LIMITED with
 * Retry-After until the window ends. The per-script limit is the backstop against guessing from
 * many IPs; it is set higher so one noisy IP cannot lock a script's legitimate servers out.
 * Counters live in this process (a multi-process deployment multiplies the budget by the
 * number of processes; keys are 192-bit random, so throttling is defence in depth).
 */
export class GuessThrottle {
	private window = -1;
	private byIp = new Map<string, number>();
	private byScript = new Map<string, number>();

	constructor(
		private readonly perIp: number,
		private readonly perScript: number,
		private readonly clock: () => number,
	) {}

	/** Throws 429 when this IP, or this script (when a key is being checked), has used its failures. */
	check(ip: string, scriptId: string | undefined): void {
		const now = this.roll();
		const blocked = (this.byIp.get(ip) ?? 0) >= this.perIp || (scriptId !== undefined && (this.byScript.get(scriptId) ?? 0) >= this.perScript);
		if (blocked) throw rateLimited(Math.max(1, Math.ceil((this.windowEnd() - now) / 1000)));
	}

	fail(ip: string, scriptId: string | undefined): void {
		this.roll();
		this.byIp.set(ip, (this.byIp.get(ip) ?? 0) + 1);
		if (scriptId !== undefined) this.byScript.set(scriptId, (this.byScript.get(scriptId) ?? 0) + 1);
	}

	private roll(): number {
		const now = this.clock();
		const window = Math.floor(now / 60_000);
		if (window !== this.window) {
			this.window = window;
			this.byIp = new Map();
			this.byScript = new Map();
		}
		return now;
	}

	private windowEnd(): number {
		return (this.window + 1) * 60_000;
	}
}
