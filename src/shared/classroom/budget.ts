/**
 * A sliding one-minute window of sent requests: the BackendClient waits for a free slot, so the
 * place stays under its own ceiling however bursty the classroom is.
 */
export class MinuteWindow {
	private readonly sentAt: number[] = [];

	public constructor(private readonly perMinute: number) {}

	/** Seconds until a request may go at `now` (0 when it may go now). */
	public waitFor(now: number): number {
		this.prune(now);
		if (this.sentAt.size() < this.perMinute) return 0;
		return math.max(0, this.sentAt[0] + 60 - now);
	}

	public record(now: number): void {
		this.sentAt.push(now);
	}

	public count(now: number): number {
		this.prune(now);
		return this.sentAt.size();
	}

	private prune(now: number): void {
		while (this.sentAt.size() > 0 && this.sentAt[0] <= now - 60) this.sentAt.shift();
	}
}

/** Exponential backoff with a cap; a server's Retry-After wins when it asks for longer. */
export function backoffDelay(attempt: number, retryAfter?: number, base = 1, cap = 30): number {
	const exponential = math.min(cap, base * 2 ** math.max(0, attempt - 1));
	return retryAfter !== undefined && retryAfter > exponential ? math.min(retryAfter, 120) : exponential;
}
