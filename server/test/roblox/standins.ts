import { createHash, createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Loopback stand-ins for the upstreams of the Roblox v1 API. Each checks what the real service
 * checks (PKCE, single-use codes and refresh tokens, client credentials, Pusher request
 * signatures and body_md5, Open Cloud credentials and content-md5) and can be told to fail.
 */

export interface StandIn {
	url: string;
	close(): Promise<void>;
}

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse, url: URL) => void | Promise<void>;

async function listen(handler: Handler): Promise<StandIn & { server: Server }> {
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on("data", (c) => chunks.push(c));
		req.on("end", async () => {
			try {
				await handler(req, Buffer.concat(chunks), res, new URL(req.url ?? "/", "http://127.0.0.1"));
			} catch (error) {
				send(res, 500, { error: (error as Error).message });
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as AddressInfo;
	return { server, url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	res.writeHead(status, { "content-type": "application/json", ...headers });
	res.end(body === undefined ? "" : JSON.stringify(body));
}

const b64url = (buf: Buffer) => buf.toString("base64url");

// ---------------------------------------------------------------- Roblox OAuth

export interface OAuthStandIn extends StandIn {
	/** What the user does at Roblox: consent at the authorization URL; returns the code. */
	authorize(authorizationUrl: string, robloxUser: { sub: string; name: string }): string;
	revoked: string[];
	validAccessTokens: Set<string>;
	tokenRequests: Record<string, string>[];
	failNextToken?: { status: number; body: unknown; headers?: Record<string, string> };
}

export async function startRobloxOAuth(client: { id: string; secret: string }): Promise<OAuthStandIn> {
	const codes = new Map<string, { challenge: string; redirectUri: string; clientId: string; user: { sub: string; name: string }; scope: string; used: boolean }>();
	const refreshTokens = new Map<string, { user: { sub: string; name: string }; scope: string; used: boolean }>();
	const access = new Map<string, { sub: string; name: string }>();
	const state: Partial<OAuthStandIn> & { revoked: string[]; validAccessTokens: Set<string>; tokenRequests: Record<string, string>[] } = { revoked: [], validAccessTokens: new Set(), tokenRequests: [] };

	const issue = (user: { sub: string; name: string }, scope: string) => {
		const accessToken = `at_${b64url(randomBytes(16))}`;
		const refreshToken = `rt_${b64url(randomBytes(16))}`;
		access.set(accessToken, user);
		state.validAccessTokens.add(accessToken);
		refreshTokens.set(refreshToken, { user, scope, used: false });
		return { access_token: accessToken, refresh_token: refreshToken, token_type: "Bearer", expires_in: 899, scope, id_token: "x.y.z" };
	};

	const base = await listen((req, body, res, url) => {
		if (req.method === "POST" && url.pathname === "/v1/token") {
			const form = Object.fromEntries(new URLSearchParams(body.toString()));
			state.tokenRequests.push(form);
			if (state.failNextToken) {
				const f = state.failNextToken;
				state.failNextToken = undefined;
				return send(res, f.status, f.body, f.headers);
			}
			if (req.headers["content-type"] !== "application/x-www-form-urlencoded") return send(res, 400, { error: "invalid_request" });
			if (form.client_id !== client.id || form.client_secret !== client.secret) return send(res, 401, { error: "invalid_client" });
			if (form.grant_type === "authorization_code") {
				const code = codes.get(form.code);
				if (!code || code.used) return send(res, 400, { error: "invalid_grant", error_description: "code is invalid or used" });
				code.used = true;
				if (code.redirectUri !== form.redirect_uri) return send(res, 400, { error: "invalid_grant", error_description: "redirect_uri mismatch" });
				const challenge = createHash("sha256").update(form.code_verifier ?? "").digest("base64url");
				if (!form.code_verifier || challenge !== code.challenge) return send(res, 400, { error: "invalid_grant", error_description: "PKCE verification failed" });
				return send(res, 200, issue(code.user, code.scope));
			}
			if (form.grant_type === "refresh_token") {
				const rt = refreshTokens.get(form.refresh_token);
				if (!rt || rt.used) return send(res, 400, { error: "invalid_grant", error_description: "refresh token invalid or used" });
				rt.used = true;
				return send(res, 200, issue(rt.user, rt.scope));
			}
			return send(res, 400, { error: "unsupported_grant_type" });
		}
		if (req.method === "GET" && url.pathname === "/v1/userinfo") {
			const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
			const user = token && state.validAccessTokens.has(token) ? access.get(token) : undefined;
			if (!user) return send(res, 401, { error: "invalid_token" });
			return send(res, 200, { sub: user.sub, name: user.name, nickname: `${user.name} Display`, preferred_username: user.name, profile: `https://www.roblox.com/users/${user.sub}/profile` });
		}
		if (req.method === "POST" && url.pathname === "/v1/token/revoke") {
			const form = Object.fromEntries(new URLSearchParams(body.toString()));
			if (form.client_id !== client.id || form.client_secret !== client.secret) return send(res, 401, { error: "invalid_client" });
			state.revoked.push(form.token);
			state.validAccessTokens.delete(form.token);
			const rt = refreshTokens.get(form.token);
			if (rt) rt.used = true;
			return send(res, 200, {});
		}
		send(res, 404, { error: "not_found" });
	});

	return Object.assign(state, base, {
		authorize(authorizationUrl: string, user: { sub: string; name: string }) {
			const u = new URL(authorizationUrl);
			if (u.origin !== base.url || u.pathname !== "/v1/authorize") throw new Error(`unexpected authorization url ${authorizationUrl}`);
			const p = u.searchParams;
			if (p.get("client_id") !== client.id || p.get("response_type") !== "code" || p.get("code_challenge_method") !== "S256" || !p.get("state")) throw new Error("bad authorize request");
			const code = `code_${b64url(randomBytes(12))}`;
			codes.set(code, { challenge: p.get("code_challenge") ?? "", redirectUri: p.get("redirect_uri") ?? "", clientId: client.id, user, scope: p.get("scope") ?? "", used: false });
			return code;
		},
	}) as OAuthStandIn;
}

// ---------------------------------------------------------------- Pusher HTTP API

export interface PusherEvent {
	channel: string;
	name: string;
	data: unknown;
}

export interface PusherStandIn extends StandIn {
	port: number;
	events: PusherEvent[];
	rejected: string[];
}

/** Verifies auth_key, auth_timestamp (600 s), body_md5 and auth_signature per the Pusher HTTP API. */
export async function startPusher(app: { id: string; key: string; secret: string }): Promise<PusherStandIn> {
	const events: PusherEvent[] = [];
	const rejected: string[] = [];
	const base = await listen((req, body, res, url) => {
		const params = Object.fromEntries(url.searchParams);
		const problem = verifyPusher(req.method ?? "GET", url.pathname, params, body, app);
		if (problem) {
			rejected.push(problem);
			return send(res, 401, { error: problem });
		}
		if (req.method === "POST" && url.pathname === `/apps/${app.id}/events`) {
			const payload = JSON.parse(body.toString()) as { name: string; data: string; channels?: string[]; channel?: string };
			if (payload.data.length > 10_240) return send(res, 413, { error: "payload too large" });
			for (const channel of payload.channels ?? [payload.channel as string]) events.push({ channel, name: payload.name, data: JSON.parse(payload.data) });
			return send(res, 200, {});
		}
		if (req.method === "GET" && url.pathname === `/apps/${app.id}/channels`) {
			const prefix = params.filter_by_prefix ?? "";
			const channels = Object.fromEntries([...new Set(events.map((e) => e.channel))].filter((c) => c.startsWith(prefix)).map((c) => [c, {}]));
			return send(res, 200, { channels });
		}
		send(res, 404, { error: "not found" });
	});
	return { ...base, port: Number(new URL(base.url).port), events, rejected };
}

function verifyPusher(method: string, path: string, params: Record<string, string>, body: Buffer, app: { key: string; secret: string }): string | undefined {
	if (params.auth_key !== app.key) return "bad auth_key";
	if (params.auth_version !== "1.0") return "bad auth_version";
	if (Math.abs(Date.now() / 1000 - Number(params.auth_timestamp)) > 600) return "stale auth_timestamp";
	if (body.length > 0 && params.body_md5 !== createHash("md5").update(body).digest("hex")) return "bad body_md5";
	const { auth_signature, ...rest } = params;
	const query = Object.keys(rest)
		.sort()
		.map((k) => `${k.toLowerCase()}=${rest[k]}`)
		.join("&");
	const expected = createHmac("sha256", app.secret).update(`${method}\n${path}\n${query}`).digest("hex");
	return expected === auth_signature ? undefined : "bad auth_signature";
}

// ---------------------------------------------------------------- Open Cloud

export interface OpenCloudStandIn extends StandIn {
	requests: { method: string; path: string; auth: string }[];
	entries: Map<string, { body: string; version: number; userIds?: string; attributes?: string }>;
	uploads: { request: Record<string, unknown>; fileBytes: number; fileType: string }[];
}

export async function startOpenCloud(options: { apiKey: string; bearerTokens: Set<string> }): Promise<OpenCloudStandIn> {
	const requests: OpenCloudStandIn["requests"] = [];
	const entries: OpenCloudStandIn["entries"] = new Map();
	const uploads: OpenCloudStandIn["uploads"] = [];
	const base = await listen(async (req, body, res, url) => {
		const key = req.headers["x-api-key"];
		const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
		const auth = key ? "api_key" : bearer ? "oauth" : "none";
		requests.push({ method: req.method ?? "", path: url.pathname, auth });
		if (key !== undefined ? key !== options.apiKey : !(bearer && options.bearerTokens.has(bearer))) return send(res, 401, { code: "UNAUTHENTICATED", message: "Invalid API key" });
		const path = url.pathname;
		const q = url.searchParams;

		if (path === "/assets/v1/assets" && req.method === "POST") {
			const form = await new Response(body, { headers: { "content-type": req.headers["content-type"] ?? "" } }).formData();
			const request = JSON.parse(String(form.get("request")));
			const file = form.get("fileContent") as Blob | null;
			if (!file || !request.assetType || !request.creationContext?.creator) return send(res, 400, { message: "request and fileContent are required" });
			uploads.push({ request, fileBytes: file.size, fileType: file.type });
			return send(res, 200, { path: "operations/op-1", operationId: "op-1", done: false });
		}
		if (path === "/assets/v1/operations/op-1") return send(res, 200, { path: "operations/op-1", operationId: "op-1", done: true, response: { assetId: "555", displayName: uploads[0]?.request.displayName, assetType: "Model" } });
		if (path === "/assets/v1/assets/555" && req.method === "GET") return send(res, 200, { assetId: "555", displayName: "Lesson", assetType: "Model", state: "Active" });
		if (path === "/assets/v1/assets/555" && req.method === "PATCH") return send(res, 200, { path: "operations/op-2", operationId: "op-2", done: true, response: { assetId: "555", updateMask: q.get("updateMask") } });
		if (path === "/assets/v1/assets/555:archive" && req.method === "POST") return send(res, 200, { assetId: "555", state: "Archived" });

		const ds = /^\/datastores\/v1\/universes\/(\d+)\/standard-datastores\/datastore\/entries(\/entry)?$/.exec(path);
		if (ds) {
			const id = `${ds[1]}/${q.get("datastoreName")}/${q.get("scope") ?? "global"}/${q.get("entryKey")}`;
			if (ds[2] && req.method === "POST") {
				const md5 = createHash("md5").update(body).digest("base64");
				if (req.headers["content-md5"] !== md5) return send(res, 400, { error: "INVALID_ARGUMENT", message: "Content-MD5 does not match" });
				const existing = entries.get(id);
				if (q.get("matchVersion") && String(existing?.version) !== q.get("matchVersion")) return send(res, 412, { error: "FAILED_PRECONDITION", message: "version mismatch" });
				const version = (existing?.version ?? 0) + 1;
				entries.set(id, { body: body.toString(), version, userIds: req.headers["roblox-entry-userids"] as string, attributes: req.headers["roblox-entry-attributes"] as string });
				return send(res, 200, { version: String(version), deleted: false, contentLength: body.length });
			}
			if (ds[2] && req.method === "GET") {
				const entry = entries.get(id);
				if (!entry) return send(res, 404, { error: "NOT_FOUND", message: "Entry not found" });
				res.writeHead(200, { "content-type": "application/json", "roblox-entry-version": String(entry.version), "roblox-entry-userids": entry.userIds ?? "[]", "roblox-entry-attributes": entry.attributes ?? "{}", "content-md5": createHash("md5").update(entry.body).digest("base64") });
				return void res.end(entry.body);
			}
			if (ds[2] && req.method === "DELETE") {
				if (!entries.delete(id)) return send(res, 404, { error: "NOT_FOUND", message: "Entry not found" });
				res.writeHead(204);
				return void res.end();
			}
			if (!ds[2] && req.method === "GET") {
				const keys = [...entries.keys()].filter((k) => k.startsWith(`${ds[1]}/${q.get("datastoreName")}/`)).map((k) => ({ scope: k.split("/")[2], key: k.split("/")[3] }));
				return send(res, 200, { keys, nextPageCursor: "" });
			}
		}
		if (path === "/cloud/v2/universes/1/places/401") return send(res, 401, { code: "UNAUTHENTICATED", message: "API key revoked" });
		if (path === "/cloud/v2/universes/1/places/429") return send(res, 429, { message: "Too many requests" }, { "retry-after": "17" });
		const place = /^\/cloud\/v2\/universes\/(\d+)\/places\/(\d+)$/.exec(path);
		if (place && req.method === "GET") return send(res, 200, { path: `universes/${place[1]}/places/${place[2]}`, displayName: "Classroom", serverSize: 30 });
		if (place && req.method === "PATCH") return send(res, 200, { path: `universes/${place[1]}/places/${place[2]}`, ...JSON.parse(body.toString()), updateMask: q.get("updateMask") });
		send(res, 404, { message: "Not found" });
	});
	return { ...base, requests, entries, uploads };
}

// ---------------------------------------------------------------- Webhook receiver

export interface WebhookReceiver extends StandIn {
	received: { headers: IncomingMessage["headers"]; body: string }[];
	/** Status codes to answer, in order; then 200. */
	failures: number[];
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
	const received: WebhookReceiver["received"] = [];
	const failures: number[] = [];
	const base = await listen((req, body, res) => {
		received.push({ headers: req.headers, body: body.toString() });
		send(res, failures.shift() ?? 200, { ok: true });
	});
	return { ...base, received, failures };
}
