import type { FastifyInstance, FastifyRequest, preValidationAsyncHookHandler } from "fastify";

/**
 * The per-key minute budget (spec: 500 req/min/key by default, operators override per key).
 * One limiter with one store serves every keyed route, so the budget is the key's across the
 * whole API, not per route (route-level `config.rateLimit` would give each route its own
 * store); those routes set `config.rateLimit: false` to leave the core's hourly tier limit.
 * It runs after workspaceAuth: the bucket is the key's digest, the budget the workspace's
 * override when set. Over budget: 429 RATE_LIMITED + Retry-After (the core's
 * errorResponseBuilder, rendered in this module's envelope). Redis-backed with REDIS_URL.
 */
export function perKeyRateLimit(app: FastifyInstance, defaultPerMinute: number): preValidationAsyncHookHandler {
	return app.rateLimit({
		timeWindow: 60_000,
		max: async (request: FastifyRequest) => request.botWorkspace?.rateLimitPerMinute ?? defaultPerMinute,
		keyGenerator: (request: FastifyRequest) => `bot:${request.botWorkspace?.apiKeyHash ?? `ip:${request.ip}`}`,
	}) as preValidationAsyncHookHandler;
}
