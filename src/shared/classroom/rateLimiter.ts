/**
 * A token bucket per key with the time passed in, so it is pure and testable. Each remote has
 * one: a player may burst `capacity` calls, then `refillPerSecond` calls per second.
 */
export class RateLimiter<K extends defined = Player> {
	private readonly buckets = new Map<K, { tokens: number; at: number }>();

	public constructor(
		private readonly capacity: number,
		private readonly refillPerSecond: number,
	) {}

	/** Takes one token for `key` at time `now` (seconds); false when the bucket is empty. */
	public take(key: K, now: number): boolean {
		const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
		const refilled = math.min(this.capacity, bucket.tokens + math.max(0, now - bucket.at) * this.refillPerSecond);
		const allowed = refilled >= 1;
		this.buckets.set(key, { tokens: allowed ? refilled - 1 : refilled, at: now });
		return allowed;
	}

	/** Forgets a key (a player who left). */
	public forget(key: K): void {
		this.buckets.delete(key);
	}
}
