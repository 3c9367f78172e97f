/**
 * Who a server is: Roblox gives each server its own JobId (a GUID), while the servers of one
 * place share its PlaceId and GameId. Ids and seeds come from a per-process counter, so two
 * servers (or a server and its restart) differ, and a test file still repeats run after run.
 */
export interface ServerIdentity {
	jobId: string;
	placeId: number;
	gameId: number;
	/** Seeds Random.new(), GenerateGUID and math.random of this VM. */
	seed: number;
}

let started = 0;

/** The next server's identity; `seed` fixes its ids and random sequences. */
export function nextServerIdentity(place: { placeId: number; gameId: number }, seed?: number): ServerIdentity {
	const fixed = seed ?? ++started;
	return { jobId: guidFrom(fixed), placeId: place.placeId, gameId: place.gameId, seed: fixed };
}

/** A version-4-shaped GUID drawn from `seed` (lower case, as game.JobId is). */
export function guidFrom(seed: number): string {
	const next = mulberry32(seed * 2654435761);
	const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
	hex[12] = "4";
	hex[16] = ((Math.floor(next() * 4) + 8) as number).toString(16);
	const s = hex.join("");
	return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** A small seeded generator of numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
