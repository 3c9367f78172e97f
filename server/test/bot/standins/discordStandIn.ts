import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";

/** A scripted answer the stand-in gives instead of the real one. */
export type Scripted = { status: 429; retryAfter: number; global?: boolean } | { status: number; code?: number; message?: string };

export interface Member {
	roles: string[];
	inVoice?: boolean;
}

/**
 * Loopback stand-in for Discord's REST API v10. It checks what Discord checks: the
 * `Authorization: Bot <token>` header, the message and embed limits (400 Invalid Form Body,
 * 50035), unknown channels and members (404, 10003 / 10007), the 28-day timeout cap, voice
 * state for mute/deafen. Tests queue 429 (Retry-After + {message, retry_after, global}),
 * 404 and 5xx answers per route key.
 */
export async function startDiscordStandIn(initialToken: string) {
	let token = initialToken;
	const app = Fastify();
	const channels = new Map<string, string>(); // channel -> guild
	const members = new Map<string, Member>(); // `${guild}/${user}` -> member
	const roles = new Map<string, { id: string; name: string; color: number }[]>();
	const scripts = new Map<string, Scripted[]>();
	const requests: { method: string; url: string; body: unknown; reason?: string; at: number }[] = [];
	const messages: { channelId: string; body: Record<string, unknown> }[] = [];
	let nextId = 1304019283746550000n;

	app.addHook("onRequest", async (request, reply) => {
		requests.push({ method: request.method, url: request.url, body: undefined, reason: request.headers["x-audit-log-reason"] as string | undefined, at: Date.now() });
		if (request.headers.authorization !== `Bot ${token}`) return reply.code(401).send({ message: "401: Unauthorized", code: 0 });
	});
	app.addHook("preHandler", async (request) => {
		requests[requests.length - 1].body = request.body;
	});

	const scripted = (key: string, reply: FastifyReply): boolean => {
		const next = scripts.get(key)?.shift();
		if (!next) return false;
		if (next.status === 429 && "retryAfter" in next) {
			reply
				.code(429)
				.headers({ "retry-after": String(next.retryAfter), "x-ratelimit-scope": next.global ? "global" : "user", ...(next.global ? { "x-ratelimit-global": "true" } : {}) })
				.send({ message: "You are being rate limited.", retry_after: next.retryAfter, global: next.global ?? false });
		} else {
			reply.code(next.status).send({ message: (next as { message?: string }).message ?? `Error ${next.status}`, code: (next as { code?: number }).code ?? 0 });
		}
		return true;
	};

	app.get("/api/v10/channels/:id", async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
		if (scripted(`GET channel ${request.params.id}`, reply)) return reply;
		const guild = channels.get(request.params.id);
		if (!guild) return reply.code(404).send({ message: "Unknown Channel", code: 10003 });
		return { id: request.params.id, type: 0, guild_id: guild };
	});

	app.post("/api/v10/channels/:id/messages", async (request: FastifyRequest<{ Params: { id: string }; Body: Record<string, unknown> }>, reply) => {
		if (scripted(`POST message ${request.params.id}`, reply)) return reply;
		if (!channels.has(request.params.id)) return reply.code(404).send({ message: "Unknown Channel", code: 10003 });
		const problem = invalidMessage(request.body);
		if (problem) return reply.code(400).send({ message: "Invalid Form Body", code: 50035, errors: { _errors: [{ code: "BASE_TYPE_INVALID", message: problem }] } });
		messages.push({ channelId: request.params.id, body: request.body });
		return { id: String(nextId++), channel_id: request.params.id, content: request.body.content ?? "" };
	});

	const member = (params: { g: string; u: string }) => members.get(`${params.g}/${params.u}`);
	app.get("/api/v10/guilds/:g/members/:u", async (request: FastifyRequest<{ Params: { g: string; u: string } }>, reply) => {
		if (scripted(`GET member ${request.params.u}`, reply)) return reply;
		const m = member(request.params);
		if (!m) return reply.code(404).send({ message: "Unknown Member", code: 10007 });
		return { user: { id: request.params.u }, roles: m.roles };
	});
	app.get("/api/v10/guilds/:g/roles", async (request: FastifyRequest<{ Params: { g: string } }>, reply) => {
		if (scripted(`GET roles ${request.params.g}`, reply)) return reply;
		return roles.get(request.params.g) ?? [];
	});
	app.patch("/api/v10/guilds/:g/members/:u", async (request: FastifyRequest<{ Params: { g: string; u: string }; Body: Record<string, unknown> }>, reply) => {
		if (scripted(`PATCH member ${request.params.u}`, reply)) return reply;
		const m = member(request.params);
		if (!m) return reply.code(404).send({ message: "Unknown Member", code: 10007 });
		const body = request.body;
		if (("mute" in body || "deaf" in body) && !m.inVoice) return reply.code(400).send({ message: "Target user is not connected to voice.", code: 40032 });
		if (typeof body.communication_disabled_until === "string") {
			const until = Date.parse(body.communication_disabled_until);
			if (!(until <= Date.now() + 28 * 24 * 3600 * 1000 + 60_000)) return reply.code(400).send({ message: "Invalid Form Body", code: 50035 });
		}
		return { user: { id: request.params.u }, roles: m.roles };
	});
	const roleChange = (add: boolean) => async (request: FastifyRequest<{ Params: { g: string; u: string; r: string } }>, reply: FastifyReply) => {
		if (scripted(`${add ? "PUT" : "DELETE"} role ${request.params.r}`, reply)) return reply;
		const m = member(request.params);
		if (!m) return reply.code(404).send({ message: "Unknown Member", code: 10007 });
		if (!(roles.get(request.params.g) ?? []).some((r) => r.id === request.params.r)) return reply.code(404).send({ message: "Unknown Role", code: 10011 });
		m.roles = add ? [...new Set([...m.roles, request.params.r])] : m.roles.filter((r) => r !== request.params.r);
		return reply.code(204).send();
	};
	app.put("/api/v10/guilds/:g/members/:u/roles/:r", roleChange(true));
	app.delete("/api/v10/guilds/:g/members/:u/roles/:r", roleChange(false));

	const address = await app.listen({ host: "127.0.0.1", port: 0 });
	return {
		baseUrl: `${address}/api`,
		channels,
		members,
		roles,
		requests,
		messages,
		script(key: string, ...answers: Scripted[]) {
			scripts.set(key, [...(scripts.get(key) ?? []), ...answers]);
		},
		/** Discord revoked the bot's token: every call is now 401. */
		setToken(next: string) {
			token = next;
		},
		close: () => app.close(),
	};
}

/** Discord's documented message limits. */
function invalidMessage(body: Record<string, unknown>): string | undefined {
	const content = typeof body.content === "string" ? body.content : "";
	const embeds = (Array.isArray(body.embeds) ? body.embeds : []) as Record<string, any>[];
	if ([...content].length > 2000) return "content too long";
	if (!content && embeds.length === 0) return "Cannot send an empty message";
	if (embeds.length > 10) return "too many embeds";
	let total = 0;
	for (const e of embeds) {
		const len = (s: unknown) => (typeof s === "string" ? [...s].length : 0);
		if (len(e.title) > 256 || len(e.description) > 4096 || len(e.author?.name) > 256 || len(e.footer?.text) > 2048) return "embed field too long";
		const fields = (e.fields ?? []) as { name: string; value: string }[];
		if (fields.length > 25) return "too many fields";
		if (fields.some((f) => !f.name || !f.value || len(f.name) > 256 || len(f.value) > 1024)) return "bad field";
		if (!e.title && !e.description && !e.image && !e.thumbnail && !e.author && !e.footer && fields.length === 0) return "empty embed";
		total += len(e.title) + len(e.description) + len(e.author?.name) + len(e.footer?.text) + fields.reduce((s, f) => s + len(f.name) + len(f.value), 0);
	}
	if (total > 6000) return "embeds exceed 6000 characters";
	return undefined;
}
