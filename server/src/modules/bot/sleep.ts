/**
 * Pauses the bot module takes (the 90 s wait after a Roblox 429, Retry-After on Open Cloud)
 * go through this seam. A clock handed to the core may also carry `sleep(ms)`: tests pass a
 * virtual clock whose `sleep` advances its own time, so a 90 s pause costs nothing and the
 * pause length can still be asserted through `clock()`.
 */
export type Sleep = (ms: number) => Promise<void>;

export function sleepFor(clock: () => number): Sleep {
	const injected = (clock as { sleep?: Sleep }).sleep;
	if (typeof injected === "function") return (ms) => injected(ms);
	return (ms) => new Promise((resolve) => setTimeout(resolve, ms));
}
