import { DiscordAPIError } from "@discordjs/rest";
import { AppError, upstreamError } from "../../../http/errors.js";

/** Discord said the thing does not exist (Unknown Channel 10003, Unknown Member 10007...). */
export const isUnknown = (error: unknown): boolean => error instanceof DiscordAPIError && error.status === 404;

/** Discord refused this one request (permissions, not in voice...): the caller's input, not an outage. */
export const isRejection = (error: unknown): boolean =>
	error instanceof DiscordAPIError && error.status >= 400 && error.status < 500;

/** Missing Access (50001) hides a channel the bot cannot see; the spec answers it like 404. */
export const isMissingAccess = (error: unknown): boolean =>
	error instanceof DiscordAPIError && error.status === 403 && (error.code === 50001 || error.code === 50013);

/** Anything else from Discord (5xx after retries, timeouts, refusals) -> 502 DISCORD_API_ERROR. */
export function discordFailure(error: unknown, what: string): AppError {
	if (error instanceof AppError) return error;
	const reason = error instanceof Error ? error.message : String(error);
	return upstreamError("DISCORD_API_ERROR", `${what}: ${reason}`);
}
