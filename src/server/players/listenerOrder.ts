import { ProgressService } from "server/classroom/ProgressService";

/**
 * The declared order of player lifecycle listeners (PlayerLifecycle): a join is heard from the
 * top down, a leave from the bottom up. ProgressService owns a player's saved profile, so it
 * opens the profile before anyone hears of the player and releases it after every other
 * listener handled the leave (a leave-time progress report reads achievements from it).
 * Listeners not named here hear a join after, and a leave before, those named.
 */
const ORDER: ReadonlyArray<object> = [ProgressService];

export function rankOf(listener: object): number {
	const metatable = getmetatable(listener);
	const index = ORDER.indexOf(metatable as object);
	return index < 0 ? ORDER.size() : index;
}
