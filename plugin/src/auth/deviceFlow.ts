import { t } from "@rbxts/t";
import { CLIENT_ID, DEVICE_GRANT } from "config";
import { errorOf, HttpClient, Reply, Result } from "net/HttpClient";
import { Problem } from "net/problems";

export interface DeviceCode {
	deviceCode: string;
	userCode: string;
	verificationUri: string;
	verificationUriComplete: string;
	expiresIn: number;
	interval: number;
}

export interface Tokens {
	accessToken: string;
	refreshToken: string;
	expiresIn: number;
}

export type PollOutcome =
	| { kind: "tokens"; tokens: Tokens }
	| { kind: "pending" }
	| { kind: "slowDown"; interval: number }
	| { kind: "denied" }
	| { kind: "expired" }
	| { kind: "problem"; problem: Problem };

const OAUTH = "/api/v1/roblox/oauth";

const isDeviceReply = t.interface({
	device_code: t.string,
	user_code: t.string,
	verification_uri: t.string,
	verification_uri_complete: t.string,
	expires_in: t.number,
	interval: t.number,
});
const isTokenReply = t.interface({ access_token: t.string, refresh_token: t.string, expires_in: t.number });

/**
 * The plugin's side of the OAuth 2.0 device authorization grant (RFC 8628): a plugin cannot
 * receive a browser redirect, so it shows a short code that a teacher approves in the teacher
 * app, and polls the token endpoint at the interval the server asks for (slowing down by the
 * server's new interval on `slow_down`, RFC 8628 §3.5).
 */
export class DeviceFlow {
	public constructor(private readonly http: HttpClient) {}

	public start(): Result<DeviceCode> {
		const reply = this.http.request({ method: "POST", path: `${OAUTH}/device_authorization`, body: { client_id: CLIENT_ID } });
		if (!reply.ok) return reply;
		const body = reply.value.body;
		if (!isDeviceReply(body)) return { ok: false, problem: { kind: "invalid", message: "The server's sign-in answer was not understood." } };
		return {
			ok: true,
			value: {
				deviceCode: body.device_code,
				userCode: body.user_code,
				verificationUri: body.verification_uri,
				verificationUriComplete: body.verification_uri_complete,
				expiresIn: body.expires_in,
				interval: math.max(1, body.interval),
			},
		};
	}

	public poll(deviceCode: string, interval: number): PollOutcome {
		const reply = this.http.request({
			method: "POST",
			path: `${OAUTH}/token`,
			body: { grant_type: DEVICE_GRANT, device_code: deviceCode, client_id: CLIENT_ID },
			accept: [400],
		});
		if (!reply.ok) {
			// A 429 on the token endpoint is the server saying slow down (RFC 8628 §3.5).
			if (reply.problem.kind === "rateLimited") return { kind: "slowDown", interval: math.max(interval + 5, reply.problem.retryAfter) };
			return { kind: "problem", problem: reply.problem };
		}
		const body = reply.value.body;
		if (reply.value.status === 200 && isTokenReply(body)) return { kind: "tokens", tokens: tokensOf(body) };
		const [code, message] = errorOf(body);
		if (code === "authorization_pending") return { kind: "pending" };
		if (code === "slow_down") {
			const given = (body as { interval?: unknown }).interval;
			return { kind: "slowDown", interval: typeIs(given, "number") ? given : interval + 5 };
		}
		if (code === "access_denied") return { kind: "denied" };
		if (code === "expired_token") return { kind: "expired" };
		return { kind: "problem", problem: { kind: "server", status: reply.value.status, code, message: message ?? "Sign-in failed." } };
	}

	/** Exchanges a refresh token (single use: the answer holds the next one). */
	public refresh(refreshToken: string): Result<Tokens> {
		const reply = this.http.request({ method: "POST", path: `${OAUTH}/token`, body: { grant_type: "refresh_token", refresh_token: refreshToken }, accept: [400] });
		if (!reply.ok) return reply;
		if (reply.value.status === 200 && isTokenReply(reply.value.body)) return { ok: true, value: tokensOf(reply.value.body) };
		return { ok: false, problem: { kind: "expired" } };
	}

	public revoke(refreshToken: string): Result<Reply> {
		return this.http.request({ method: "POST", path: `${OAUTH}/revoke`, body: { token: refreshToken, token_type_hint: "refresh_token", client_id: CLIENT_ID } });
	}
}

const tokensOf = (body: { access_token: string; refresh_token: string; expires_in: number }): Tokens => ({
	accessToken: body.access_token,
	refreshToken: body.refresh_token,
	expiresIn: body.expires_in,
});
