import type { FastifyRequest } from "fastify";
import type { Config } from "../../../config.js";

/**
 * Route config for the per-key minute budget (spec: 500 req/min/key by default, operators
 * override per key). It runs after workspaceAuth, so the bucket is the key's digest and the
 * budget is the workspace's override when set. Over budget: 429 RATE_LIMITED + Retry-After
 * (built by the core's errorResponseBuilder, rendered in this module's envelope).
 */
export function perKeyRateLimit(config: Config) {
	return {
		hook: "preValidation" as const,
		timeWindow: 60_000,
		max: async (request: FastifyRequest) => request.botWorkspace?.rateLimitPerMinute ?? config.BOT_RATE_LIMIT_PER_MINUTE,
		keyGenerator: (request: FastifyRequest) => `bot:${request.botWorkspace?.apiKeyHash ?? `ip:${request.ip}`}`,
	};
}
