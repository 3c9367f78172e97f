import { Service } from "@flamework/core";
import { HttpService, RunService } from "@rbxts/services";
import { ClassroomConfig } from "./ClassroomConfig";

export interface HttpRequest {
	url: string;
	method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
	headers?: Record<string, string>;
	body?: string;
}

export interface HttpReply {
	ok: boolean;
	status: number;
	headers: Record<string, string>;
	body: string;
}

/**
 * The only place the classroom touches HttpService. It yields, so callers run it on their own
 * thread. A transport failure (no connection, HttpEnabled off) comes back as status 0.
 */
@Service()
export class HttpTransport {
	private authorization?: Secret | string;

	public constructor(private readonly config: ClassroomConfig) {}

	public send(request: HttpRequest, authorized: boolean): HttpReply {
		const headers: Record<string, unknown> = { "Content-Type": "application/json", ...request.headers };
		if (authorized) headers.Authorization = this.auth();
		const [ok, result] = pcall(() =>
			HttpService.RequestAsync({
				Url: request.url,
				Method: request.method,
				Headers: headers as Record<string, string>,
				Body: request.body,
			}),
		);
		if (!ok) return { ok: false, status: 0, headers: {}, body: tostring(result) };
		const headersLower: Record<string, string> = {};
		for (const [k, v] of pairs(result.Headers)) headersLower[k.lower()] = v;
		return { ok: result.Success, status: result.StatusCode, headers: headersLower, body: result.Body };
	}

	/** `Bearer <place key>` as a Secret (production, or a local secret in Studio) or, in Studio only, the config fallback. */
	private auth(): Secret | string {
		if (this.authorization !== undefined) return this.authorization;
		const name = this.config.settings.placeKeySecret;
		const [ok, secret] = pcall(() => HttpService.GetSecret(name));
		if (ok) {
			this.authorization = secret.AddPrefix("Bearer ");
		} else if (RunService.IsStudio() && this.config.settings.studioPlaceKey !== undefined) {
			this.authorization = `Bearer ${this.config.settings.studioPlaceKey}`;
		} else {
			warn(`[Classroom] no place key: set the secret ${name}`);
			this.authorization = "";
		}
		return this.authorization;
	}
}
