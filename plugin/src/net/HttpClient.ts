import { HttpService } from "@rbxts/services";
import { Problem } from "./problems";
import { RequestBudget } from "./RequestBudget";

export interface Reply {
	status: number;
	body: unknown;
}

export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export interface RequestSpec {
	method: "GET" | "POST";
	path: string;
	body?: object;
	token?: string;
	/** Statuses that are answers, not problems (e.g. 400 from the OAuth token endpoint). */
	accept?: number[];
}

/**
 * Every request the plugin makes goes through here: JSON in and out, pcall around
 * HttpService (it throws for a denied permission, an unreachable server and an exhausted
 * budget), and each failure turned into a Problem the widget can explain. 429 carries the
 * server's Retry-After; 401 means the session expired; the 500 requests/min budget is kept
 * by the plugin itself (RequestBudget) and by Roblox's own error as a backstop.
 */
export class HttpClient {
	public constructor(
		private readonly baseUrl: () => string,
		private readonly budget = new RequestBudget(),
	) {}

	public request(spec: RequestSpec): Result<Reply> {
		const wait = this.budget.wait();
		if (wait > 0) return { ok: false, problem: { kind: "budget", retryAfter: math.ceil(wait) } };
		this.budget.take();
		const url = this.baseUrl() + spec.path;
		const headers: Record<string, string> = { Accept: "application/json" };
		if (spec.token !== undefined) headers.Authorization = `Bearer ${spec.token}`;
		if (spec.body !== undefined) headers["Content-Type"] = "application/json";
		const [sent, response] = pcall(() =>
			HttpService.RequestAsync({
				Url: url,
				Method: spec.method,
				Headers: headers,
				Body: spec.body !== undefined ? HttpService.JSONEncode(spec.body) : undefined,
			}),
		);
		if (!sent) return { ok: false, problem: transportProblem(tostring(response), this.baseUrl()) };
		const body = decode(response.Body);
		const status = response.StatusCode;
		if ((response.Success || (spec.accept ?? []).includes(status)) && status !== 429) return { ok: true, value: { status, body } };
		return { ok: false, problem: statusProblem(status, response.Headers, body, this.baseUrl()) };
	}
}

export function hostOf(url: string): string {
	const [host] = string.match(url, "^%a+://([^/?#]+)");
	return typeIs(host, "string") ? host : url;
}

function transportProblem(message: string, baseUrl: string): Problem {
	const lower = message.lower();
	if (lower.find("permission", 1, true)[0] !== undefined || lower.find("not allowed", 1, true)[0] !== undefined) {
		return { kind: "permission", host: hostOf(baseUrl) };
	}
	if (lower.find("number of requests exceeded", 1, true)[0] !== undefined) return { kind: "budget", retryAfter: 30 };
	return { kind: "down", url: baseUrl };
}

function statusProblem(status: number, headers: Record<string, string>, body: unknown, baseUrl: string): Problem {
	if (status === 429) {
		const after = tonumber(headers["retry-after"] ?? headers["Retry-After"]);
		return { kind: "rateLimited", retryAfter: after !== undefined ? math.max(1, math.ceil(after)) : 60 };
	}
	if (status === 401) return { kind: "expired" };
	if (status === 502 || status === 503 || status === 504) return { kind: "down", url: baseUrl };
	const [code, message] = errorOf(body);
	return { kind: "server", status, code, message: message ?? `The server answered ${status}.` };
}

/** The error of either envelope the server uses: `{ error: { code, message } }` or OAuth's `{ error, error_description }`. */
export function errorOf(body: unknown): [code: string, message: string | undefined] {
	if (typeIs(body, "table")) {
		const err = (body as { error?: unknown }).error;
		if (typeIs(err, "string")) {
			const description = (body as { error_description?: unknown }).error_description;
			return [err, typeIs(description, "string") ? description : undefined];
		}
		if (typeIs(err, "table")) {
			const { code, message } = err as { code?: unknown; message?: unknown };
			return [typeIs(code, "string") ? code : "ERROR", typeIs(message, "string") ? message : undefined];
		}
	}
	return ["ERROR", undefined];
}

function decode(text: string): unknown {
	if (text === "") return undefined;
	const [ok, value] = pcall(() => HttpService.JSONDecode(text));
	return ok ? value : undefined;
}
