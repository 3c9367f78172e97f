import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { Redis } from "ioredis";
import type { Tier } from "../db/tables.js";
import type { CoreServices } from "./context.js";
import { bearerToken, isJwt } from "./authenticate.js";
import { rateLimited } from "./errors.js";

/**
 * Shared by every module: the core services as `app.core`, caller identification from a
 * bearer JWT, and the per-tier hourly rate limit (Redis-backed when REDIS_URL is set) that
 * stamps X-RateLimit-* on every response. Modules with their own limits override per route
 * through `config.rateLimit`.
 */
export const corePlugin = fp<{ services: CoreServices }>(
	async (app: FastifyInstance, { services }) => {
		app.decorate("core", services);
		app.decorateRequest("user", undefined);

		app.addHook("onRequest", async (request) => {
			const token = bearerToken(request);
			if (token && isJwt(token)) request.user = await services.tokens.verifyAccess(token);
		});

		const { config } = services;
		const limits: Record<Tier, number> = {
			standard: config.RATE_LIMIT_STANDARD,
			premium: config.RATE_LIMIT_PREMIUM,
			enterprise: config.RATE_LIMIT_ENTERPRISE,
		};
		const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { connectTimeout: 2000, maxRetriesPerRequest: 1 }) : undefined;
		if (redis) app.addHook("onClose", async () => void redis.disconnect());
		await app.register(rateLimit, {
			global: true,
			timeWindow: "1 hour",
			max: (request: FastifyRequest) => (request.user ? limits[request.user.tier] : config.RATE_LIMIT_ANONYMOUS),
			keyGenerator: (request: FastifyRequest) => (request.user ? `user:${request.user.id}` : `ip:${request.ip}`),
			redis,
			nameSpace: "classroom-rl:",
			skipOnError: true,
			errorResponseBuilder: (_request, context) => rateLimited(Math.max(1, Math.ceil(context.ttl / 1000))),
		});
	},
	{ name: "core" },
);
