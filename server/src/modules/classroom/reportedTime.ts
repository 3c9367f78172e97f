import { Type } from "@sinclair/typebox";
import { badRequest } from "../../http/errors.js";
import type { Caller } from "./caller.js";
import { DateTime, UnixMillis } from "../../http/schemaTypes.js";

/**
 * Times a game server reports on its own clock (`openedAt` on the open call, `answeredAt` per
 * answer). A game server batches its reports to stay inside Roblox's HttpService budget, so an
 * answer reaches the backend seconds after it was given; timing it by arrival would score it
 * lower than the place did. Place keys belong to trusted servers, so their reported times are
 * used; teachers' tokens (a browser, a plugin) keep the server-measured times.
 */
export const ReportedTime = Type.Union([DateTime(), UnixMillis()]);

/** How far ahead of the backend's clock a game server's clock may run before a time is refused. */
export const CLOCK_SKEW_MS = 5_000;

/**
 * The reported time in ms when the caller may report times and sent one, else undefined.
 * Refuses (400, naming `field`) a time further in the future than CLOCK_SKEW_MS.
 */
export function reportedTime(caller: Caller, value: string | number | undefined, field: string, now: number): number | undefined {
	if (caller.kind !== "place" || value === undefined) return undefined;
	const ms = typeof value === "number" ? value : Date.parse(value);
	if (!Number.isFinite(ms)) throw badRequest(`${field} is not a time`, { field, issue: "must be an ISO date-time or Unix milliseconds" });
	if (ms > now + CLOCK_SKEW_MS) throw badRequest(`${field} is in the future`, { field, issue: `must not be more than ${CLOCK_SKEW_MS / 1000} s ahead of the server clock` });
	return ms;
}
