/** A non-2xx answer from a Roblox API, with Retry-After when Roblox sent one. */
export class RobloxHttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly retryAfterSeconds?: number,
	) {
		super(message);
		this.name = "RobloxHttpError";
	}
}

/** fetch with a deadline; a network failure or timeout becomes RobloxHttpError(0). */
export async function robloxFetch(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
	try {
		return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
	} catch (error) {
		throw new RobloxHttpError(0, `Roblox unreachable: ${error instanceof Error ? error.message : String(error)}`);
	}
}

/** Reads a JSON body or throws RobloxHttpError with Roblox's own error text. */
export async function robloxJson<T>(response: Response): Promise<T> {
	if (!response.ok) throw await robloxError(response);
	return (await response.json()) as T;
}

export async function robloxError(response: Response): Promise<RobloxHttpError> {
	const text = await response.text().catch(() => "");
	let reason = text.slice(0, 200);
	try {
		const body = JSON.parse(text) as { errors?: { message?: string }[]; message?: string };
		reason = body.errors?.[0]?.message ?? body.message ?? reason;
	} catch {
		// not JSON: keep the raw text
	}
	const retry = Number(response.headers.get("retry-after"));
	return new RobloxHttpError(response.status, `Roblox API error: ${response.status}${reason ? ` ${reason}` : ""}`, Number.isFinite(retry) && retry >= 0 ? retry : undefined);
}
