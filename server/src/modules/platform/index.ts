import type { FastifyPluginAsync } from "fastify";
import { authRoutes } from "./auth/routes.js";
import { healthRoutes } from "./health/routes.js";
import { userRoutes } from "./users/routes.js";

/** The education platform API (specs/toolboxai-platform-api-v2.md), mounted at /v2. */
export const platformModule: FastifyPluginAsync = async (app) => {
	await app.register(healthRoutes);
	await app.register(authRoutes, { prefix: "/auth" });
	await app.register(userRoutes, { prefix: "/users" });
};
