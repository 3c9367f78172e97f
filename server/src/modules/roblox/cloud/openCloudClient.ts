import { createHash } from "node:crypto";
import type { Config } from "../../../config.js";
import { AppError, serviceUnavailable } from "../../../http/errors.js";
import type { OAuthService } from "../oauth/service.js";
import { joinUrl, readJson, upstreamFetch } from "../upstream.js";

export interface Credential {
	headers: Record<string, string>;
	kind: "oauth" | "api_key";
	robloxUserId?: string;
}

export interface UpstreamResult {
	status: number;
	headers: Headers;
	body: unknown;
}

/**
 * Open Cloud under ROBLOX_API_BASE_URL. Credentials: the caller's linked Roblox OAuth token
 * (`Authorization: Bearer`, refreshed when near expiry) when they have one, else the configured
 * ROBLOX_OPEN_CLOUD_API_KEY (`x-api-key`). Upstream errors map to stable codes; 429 keeps its
 * Retry-After.
 */
export class OpenCloudClient {
	/** Without `oauth` only the configured API key is used (server-side work such as erasure). */
	constructor(
		private readonly config: Config,
		private readonly oauth?: OAuthService,
	) {}

	async credential(userId: string): Promise<Credential> {
		const linked = await this.oauth?.accessToken(userId);
		if (linked) return { headers: { authorization: `Bearer ${linked.token}` }, kind: "oauth", robloxUserId: linked.robloxUserId };
		if (this.config.ROBLOX_OPEN_CLOUD_API_KEY) return { headers: { "x-api-key": this.config.ROBLOX_OPEN_CLOUD_API_KEY }, kind: "api_key" };
		throw serviceUnavailable("No Roblox credentials: link a Roblox account (auth/initiate) or configure ROBLOX_OPEN_CLOUD_API_KEY");
	}

	async call(credential: Credential, method: string, path: string, init: { query?: Record<string, string | undefined>; headers?: Record<string, string>; body?: string | FormData } = {}): Promise<UpstreamResult> {
		const url = new URL(joinUrl(this.config.ROBLOX_API_BASE_URL, path));
		for (const [key, value] of Object.entries(init.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
		const response = await upstreamFetch(url.toString(), { method, headers: { ...credential.headers, ...(init.headers ?? {}) }, body: init.body }, "Roblox Open Cloud");
		const body = await readJson(response);
		if (!response.ok) throw mapError(response.status, body);
		return { status: response.status, headers: response.headers, body };
	}
}

export const contentMd5 = (body: string | Buffer): string => createHash("md5").update(body).digest("base64");

function mapError(status: number, body: unknown): AppError {
	const message = upstreamMessage(body) ?? `Roblox Open Cloud answered ${status}`;
	const details = { upstream_status: status, upstream: body };
	if (status === 400) return new AppError(400, "VALIDATION_ERROR", message, { field: "upstream", ...details });
	if (status === 401) return new AppError(502, "UPSTREAM_UNAUTHORIZED", "Roblox refused this server's credentials", details);
	if (status === 403) return new AppError(403, "FORBIDDEN", message, details);
	if (status === 404) return new AppError(404, "NOT_FOUND", message, details);
	if (status === 409 || status === 412) return new AppError(409, "CONFLICT", message, details);
	if (status >= 400 && status < 500) return new AppError(status, "UPSTREAM_REJECTED", message, details);
	return new AppError(502, "UPSTREAM_ERROR", message, details);
}

function upstreamMessage(body: unknown): string | undefined {
	if (typeof body !== "object" || body === null) return undefined;
	const b = body as { message?: unknown; error?: unknown };
	return typeof b.message === "string" ? b.message : typeof b.error === "string" ? b.error : undefined;
}
