import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { AuthorizationCodes } from "./oauthCodes.js";

export interface Role {
	id: string;
	name: string;
	rank: number;
}

/**
 * Loopback stand-in for the Roblox APIs the bot calls, on one origin with distinct paths:
 * legacy groups (cookie + X-CSRF-TOKEN: a write without the current token gets 403 with a
 * fresh `x-csrf-token`), Open Cloud v2 groups (x-api-key, maxPageSize <= 100 / 20, page
 * tokens), users (username lookup) and OAuth (client secret, single-use code, PKCE S256,
 * bearer userinfo). Tests queue 429 / 5xx answers per route key. `now` stamps each request
 * with the test's virtual clock so pauses can be measured.
 */
export async function startRobloxStandIn(options: { cookie: string; apiKey: string; clientId: string; clientSecret: string; now: () => number }) {
	const app = Fastify();
	app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));
	const groups = new Map<string, { roles: Role[]; members: { userId: string; username: string; roleId: string }[] }>();
	const usernames = new Map<string, number>();
	const scripts = new Map<string, { status: number; retryAfter?: number; message?: string }[]>();
	const requests: { method: string; url: string; at: number; csrf?: string }[] = [];
	const codes = new AuthorizationCodes<{ sub: string; name: string }>(options, "code");
	const tokens = new Map<string, { sub: string; name: string }>();
	let csrfCounter = 1;
	let csrfToken = `csrf-${csrfCounter}`;
	let tokenCounter = 0;

	app.addHook("onRequest", async (request) => {
		requests.push({ method: request.method, url: request.url, at: options.now(), csrf: request.headers["x-csrf-token"] as string | undefined });
	});
	const scripted = (key: string, reply: FastifyReply): boolean => {
		const next = scripts.get(key)?.shift();
		if (!next) return false;
		if (next.retryAfter !== undefined) reply.header("retry-after", String(next.retryAfter));
		reply.code(next.status).send({ errors: [{ code: 0, message: next.message ?? (next.status === 429 ? "Too many requests" : "InternalServerError") }] });
		return true;
	};
	const cookieOk = (request: FastifyRequest) => (request.headers.cookie ?? "").includes(`.ROBLOSECURITY=${options.cookie}`);

	// Legacy groups API (cookie).
	app.delete("/v1/groups/:g/users/:u", async (request: FastifyRequest<{ Params: { g: string; u: string } }>, reply) => {
		if (!cookieOk(request)) return reply.code(401).send({ errors: [{ code: 0, message: "Authorization has been denied for this request." }] });
		if (request.headers["x-csrf-token"] !== csrfToken) {
			return reply.code(403).header("x-csrf-token", csrfToken).send({ errors: [{ code: 0, message: "Token Validation Failed" }] });
		}
		if (scripted(`exile ${request.params.u}`, reply)) return reply;
		const group = groups.get(request.params.g);
		const index = group?.members.findIndex((m) => m.userId === request.params.u) ?? -1;
		if (!group || index < 0) return reply.code(400).send({ errors: [{ code: 3, message: "The user is invalid or does not exist." }] });
		group.members.splice(index, 1);
		return {};
	});
	app.get("/v1/groups/:g/users", async (request: FastifyRequest<{ Params: { g: string }; Querystring: { limit?: string; cursor?: string } }>, reply) => {
		if (!cookieOk(request)) return reply.code(401).send({ errors: [{ code: 0, message: "Authorization has been denied for this request." }] });
		if (scripted(`legacy list ${request.params.g}`, reply)) return reply;
		const group = groups.get(request.params.g);
		if (!group) return reply.code(400).send({ errors: [{ code: 1, message: "Group is invalid or does not exist." }] });
		const limit = Number(request.query.limit ?? 10);
		if (![10, 25, 50, 100].includes(limit)) return reply.code(400).send({ errors: [{ code: 0, message: "Invalid limit" }] });
		const start = Number(request.query.cursor || 0);
		const page = group.members.slice(start, start + limit);
		const roleOf = (id: string) => group.roles.find((r) => r.id === id)!;
		return {
			data: page.map((m) => ({ user: { userId: Number(m.userId), username: m.username, displayName: m.username }, role: { id: Number(m.roleId), name: roleOf(m.roleId).name, rank: roleOf(m.roleId).rank } })),
			nextPageCursor: start + limit < group.members.length ? String(start + limit) : null,
		};
	});

	// Open Cloud v2 (x-api-key).
	const openCloud = (request: FastifyRequest, reply: FastifyReply, max: number): { start: number; size: number } | undefined => {
		if (request.headers["x-api-key"] !== options.apiKey) {
			reply.code(401).send({ code: "UNAUTHENTICATED", message: "Invalid API Key" });
			return undefined;
		}
		const q = request.query as { maxPageSize?: string; pageToken?: string };
		const size = Number(q.maxPageSize ?? 10);
		if (!(size >= 1 && size <= max)) {
			reply.code(400).send({ code: "INVALID_ARGUMENT", message: "maxPageSize out of range" });
			return undefined;
		}
		return { start: q.pageToken ? Number(Buffer.from(q.pageToken, "base64url").toString()) : 0, size };
	};
	const token = (n: number, total: number) => (n < total ? Buffer.from(String(n)).toString("base64url") : "");
	app.get("/cloud/v2/groups/:g/memberships", async (request: FastifyRequest<{ Params: { g: string } }>, reply) => {
		const page = openCloud(request, reply, 100);
		if (!page) return reply;
		if (scripted(`memberships ${request.params.g}`, reply)) return reply;
		const group = groups.get(request.params.g);
		if (!group) return reply.code(404).send({ code: "NOT_FOUND", message: "Group not found" });
		const slice = group.members.slice(page.start, page.start + page.size);
		return {
			groupMemberships: slice.map((m) => ({ path: `groups/${request.params.g}/memberships/${m.userId}x`, user: `users/${m.userId}`, role: `groups/${request.params.g}/roles/${m.roleId}` })),
			nextPageToken: token(page.start + page.size, group.members.length),
		};
	});
	app.get("/cloud/v2/groups/:g/roles", async (request: FastifyRequest<{ Params: { g: string } }>, reply) => {
		const page = openCloud(request, reply, 20);
		if (!page) return reply;
		if (scripted(`roles ${request.params.g}`, reply)) return reply;
		const group = groups.get(request.params.g);
		if (!group) return reply.code(404).send({ code: "NOT_FOUND", message: "Group not found" });
		const slice = group.roles.slice(page.start, page.start + page.size);
		return {
			groupRoles: slice.map((r) => ({ path: `groups/${request.params.g}/roles/${r.id}`, id: r.id, displayName: r.name, rank: r.rank, memberCount: 0 })),
			nextPageToken: token(page.start + page.size, group.roles.length),
		};
	});

	// users.roblox.com
	app.post("/v1/usernames/users", async (request: FastifyRequest<{ Body: { usernames: string[]; excludeBannedUsers?: boolean } }>, reply) => {
		if (scripted("usernames", reply)) return reply;
		if (!Array.isArray(request.body?.usernames) || request.body.usernames.length > 100) return reply.code(400).send({ errors: [{ code: 2, message: "Too many usernames." }] });
		return {
			data: request.body.usernames
				.filter((n) => usernames.has(n.toLowerCase()))
				.map((n) => ({ requestedUsername: n, hasVerifiedBadge: false, id: usernames.get(n.toLowerCase())!, name: n, displayName: n })),
		};
	});

	// OAuth 2.0
	app.post("/oauth/v1/token", async (request: FastifyRequest<{ Body: Record<string, string> }>, reply) => {
		if (scripted("token", reply)) return reply;
		const redeemed = codes.redeem(request.body ?? {});
		if ("error" in redeemed) return reply.code(redeemed.status).send(redeemed.error);
		const { grant } = redeemed;
		const access = `at-${++tokenCounter}`;
		tokens.set(access, { sub: grant.sub, name: grant.name });
		return { access_token: access, token_type: "Bearer", expires_in: 899, scope: "openid profile" };
	});
	app.get("/oauth/v1/userinfo", async (request, reply) => {
		const info = tokens.get((request.headers.authorization ?? "").replace(/^Bearer /, ""));
		if (!info) return reply.code(401).send({ error: "invalid_token" });
		return { sub: info.sub, name: info.name, nickname: info.name, preferred_username: info.name.toLowerCase() };
	});

	const address = await app.listen({ host: "127.0.0.1", port: 0 });
	return {
		baseUrl: address,
		oauthBaseUrl: `${address}/oauth`,
		groups,
		usernames,
		requests,
		/** Issues an authorization code as Roblox would after the user consents at `authorizeUrl`. */
		consent(authorizeUrl: string, account: { sub: string; name: string }): { state: string; code: string } {
			return codes.issue(authorizeUrl, account);
		},
		rotateCsrf() {
			csrfToken = `csrf-${++csrfCounter}`;
		},
		script(key: string, ...answers: { status: number; retryAfter?: number; message?: string }[]) {
			scripts.set(key, [...(scripts.get(key) ?? []), ...answers]);
		},
		close: () => app.close(),
	};
}
