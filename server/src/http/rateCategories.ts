import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { bearerToken, isJwt } from "./authenticate.js";
import { rateLimited } from "./errors.js";

/**
 * The Roblox spec's rate-limit categories (authentication 10/min, content generation 5/min,
 * data operations 100/min, analytics 20/min, burst 10/s), one budget per caller per category
 * shared by every route of the category in both APIs of that spec (`/api/v1/roblox` and
 * `/v2/roblox`). A route joins a category with `config: { rateCategory }`; a module turns the
 * categories on with `installRateCategories`. The caller is the signed-in user, else the source
 * address, or what the route's `rateKey` says (the OAuth callback has no token: its state's
 * owner pays). Place keys (game servers) are outside the categories: they keep their own
 * game-server budget. Headers: X-RateLimit-Limit/Remaining of the category and
 * X-RateLimit-Reset as a Unix timestamp (seconds), as the spec shows.
 *
 * @fastify/rate-limit's route limiters run once per request and keep a store per route, so the
 * shared budgets use `createRateLimit` checkers made once per app, one per category.
 */
export type RateCategory = "authentication" | "contentGeneration" | "dataOperations" | "analytics";

declare module "fastify" {
	interface FastifyContextConfig {
		rateCategory?: RateCategory;
		/** Who pays for a request with no bearer token, when not its source address. */
		rateKey?: (request: FastifyRequest) => Promise<string | undefined>;
	}
	interface FastifyInstance {
		rateCategories: RateCategoryLimiter;
	}
	interface FastifyRequest {
		rateCaller?: string;
	}
}

export interface RateCategoryLimiter {
	check(request: FastifyRequest, reply: FastifyReply, category: RateCategory): Promise<void>;
}

/** Registered once at the root (after the core, whose rate-limit plugin and store it uses). */
export const rateCategoriesPlugin = fp(
	async (app: FastifyInstance) => {
		const config = app.core.config;
		const perMinute: Record<RateCategory, number> = {
			authentication: config.RATE_LIMIT_AUTH_PER_MINUTE,
			contentGeneration: config.RATE_LIMIT_GENERATION_PER_MINUTE,
			dataOperations: config.RATE_LIMIT_DATA_PER_MINUTE,
			analytics: config.RATE_LIMIT_ANALYTICS_PER_MINUTE,
		};
		const keyed = (prefix: string) => (request: FastifyRequest) => `${prefix}:${request.rateCaller ?? `ip:${request.ip}`}`;
		const limiters = Object.fromEntries(
			(Object.keys(perMinute) as RateCategory[]).map((category) => [category, app.createRateLimit({ max: perMinute[category], timeWindow: 60_000, keyGenerator: keyed(`cat:${category}`) })]),
		) as unknown as Record<RateCategory, Checker>;
		const burst = app.createRateLimit({ max: config.RATE_LIMIT_BURST_PER_SECOND, timeWindow: 1_000, keyGenerator: keyed("burst") });

		app.decorate("rateCategories", {
			async check(request, reply, category) {
				request.rateCaller = await callerKey(request);
				const second = await burst(request);
				const minute = await limiters[category](request);
				if (second.isAllowed || minute.isAllowed) return; // allow-listed: no allow list is configured
				reply.header("x-ratelimit-limit", minute.max).header("x-ratelimit-remaining", minute.remaining).header("x-ratelimit-reset", Math.ceil((Date.now() + minute.ttl) / 1000));
				if (second.isExceeded) throw rateLimited(Math.max(1, second.ttlInSeconds));
				if (minute.isExceeded) throw rateLimited(Math.max(1, minute.ttlInSeconds));
			},
		} satisfies RateCategoryLimiter);
	},
	{ name: "rate-categories", dependencies: ["core"] },
);

/**
 * Turns the categories on for a module's routes, and gives every X-RateLimit-Reset it sends
 * (the core's hourly limit included) as a Unix timestamp.
 */
export function installRateCategories(app: FastifyInstance): void {
	// Routes outside the categories and place-key callers pass at once, with no promise made.
	app.addHook("preValidation", (request, reply, done) => {
		const category = request.routeOptions.config?.rateCategory;
		if (!category || isPlaceKey(request)) return done();
		return app.rateCategories.check(request, reply, category);
	});
	app.addHook("onSend", (_request, reply, payload, done) => {
		const reset = Number(reply.getHeader("x-ratelimit-reset"));
		// Seconds-until-reset from @fastify/rate-limit; a Unix timestamp is far larger.
		if (Number.isFinite(reset) && reset < 1e9) reply.header("x-ratelimit-reset", Math.ceil(Date.now() / 1000) + reset);
		done(null, payload);
	});
}

type Checker = ReturnType<FastifyInstance["createRateLimit"]>;

async function callerKey(request: FastifyRequest): Promise<string> {
	if (request.user) return `user:${request.user.id}`;
	const routeKey = await request.routeOptions.config?.rateKey?.(request);
	return routeKey ?? `ip:${request.ip}`;
}

function isPlaceKey(request: FastifyRequest): boolean {
	const token = bearerToken(request);
	return token !== undefined && !isJwt(token) && token.startsWith("place_");
}
