import type { FastifyRequest } from "fastify";

/**
 * The spec's rate-limit categories, per caller, per minute. @fastify/rate-limit keeps one
 * counter per route, so a category's budget applies to each of its routes separately.
 *  - authentication: auth/*
 *  - contentGeneration: conversation/generate
 *  - dataOperations: everything that reads or writes data (conversation, pusher auth, Rojo, Open Cloud, webhooks)
 *  - analytics: status and log reads (pusher/status, rojo/check, generation status, webhook deliveries)
 */
const byCaller = (request: FastifyRequest): string => (request.user ? `user:${request.user.id}` : `ip:${request.ip}`);

const perMinute = (max: number) => ({ rateLimit: { max, timeWindow: 60_000, keyGenerator: byCaller } });

export const RATE = {
	authentication: perMinute(10),
	contentGeneration: perMinute(5),
	dataOperations: perMinute(100),
	analytics: perMinute(20),
} as const;
