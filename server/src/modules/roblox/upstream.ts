import { AppError } from "../../http/errors.js";

/**
 * What every Roblox upstream call shares: a bounded wait, and one mapping of transport failures
 * and 429s. A 429 is passed on to our caller with the upstream's Retry-After.
 */
export const UPSTREAM_TIMEOUT_MS = 10_000;

export async function upstreamFetch(url: string, init: RequestInit, what: string): Promise<Response> {
	let response: Response;
	try {
		response = await fetch(url, { ...init, signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS) });
	} catch (error) {
		throw new AppError(503, "SERVICE_UNAVAILABLE", `${what} is unreachable`, { reason: (error as Error).message });
	}
	if (response.status === 429) {
		const retry = response.headers.get("retry-after") ?? "60";
		await response.arrayBuffer().catch(() => undefined);
		throw new AppError(429, "RATE_LIMITED", `${what} is rate limiting requests, retry in ${retry} seconds`, { upstream: what }, { "retry-after": retry });
	}
	return response;
}

export async function readJson(response: Response): Promise<unknown> {
	const text = await response.text();
	if (!text) return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

export const joinUrl = (base: string, path: string): string => `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
