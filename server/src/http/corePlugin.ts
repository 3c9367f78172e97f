import { createHash } from "node:crypto";
import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Tier } from "../db/tables.js";
import type { CoreServices } from "./context.js";
import { bearerToken, isJwt } from "./authenticate.js";
import { fallbackRateLimitStore } from "./fallbackRateLimitStore.js";
import { rateLimited } from "./errors.js";

/**
 * Shared by every module: the core services as `app.core`, caller identification from a
 * bearer JWT, and the per-tier hourly rate limit (Redis-backed when REDIS_URL is set) that
 * stamps X-RateLimit-* on every response. Modules with their own limits override per route
 * through `config.rateLimit`. Counters live in Redis while it answers and in this process when
 * it does not (fallbackRateLimitStore.ts): an outage never turns throttling off.
 */
export const corePlugin = fp<{ services: CoreServices }>(
	async (app: FastifyInstance, { services }) => {
		app.decorate("core", services);
		services.dependencies.useLog(app.log);
		app.decorateRequest("user", undefined);

		// A request without a JWT (game servers, API keys, anonymous) passes at once, and so does one
		// whose token and user standing are already known: no promise made for either.
		app.addHook("onRequest", (request, _reply, done) => {
			const token = bearerToken(request);
			if (!token || !isJwt(token)) return done();
			const known = services.tokens.knownAccess(token);
			if (known !== undefined) {
				request.user = known ?? undefined;
				return done();
			}
			return services.tokens.verifyAccess(token).then((user) => void (request.user = user));
		});

		const { config } = services;
		const limits: Record<Tier, number> = {
			standard: config.RATE_LIMIT_STANDARD,
			premium: config.RATE_LIMIT_PREMIUM,
			enterprise: config.RATE_LIMIT_ENTERPRISE,
		};
		await app.register(rateLimit, {
			global: true,
			timeWindow: "1 hour",
			max: (request: FastifyRequest) => (request.user ? limits[request.user.tier] : config.RATE_LIMIT_ANONYMOUS),
			keyGenerator: rateLimitBucket,
			store: services.redis ? fallbackRateLimitStore(services.redis, `${config.REDIS_KEY_PREFIX}classroom-rl:`) : undefined,
			errorResponseBuilder: (_request, context) => rateLimited(Math.max(1, Math.ceil(context.ttl / 1000))),
		});
	},
	{ name: "core" },
);

/**
 * Whose hourly budget a request spends: the signed-in user's, else the presented API key's (an
 * owner, workspace or place key: keys of one address must not share a budget), else the
 * address's. Guessing keys is throttled per address by the key-authenticated routes themselves.
 */
function rateLimitBucket(request: FastifyRequest): string {
	if (request.user) return `user:${request.user.id}`;
	const header = request.headers["x-api-key"];
	const key = (Array.isArray(header) ? header[0] : header)?.trim() || bearerToken(request);
	return key && !isJwt(key) ? `key:${createHash("sha256").update(key).digest("hex").slice(0, 32)}` : `ip:${request.ip}`;
}
