import type { FastifyPluginAsync } from "fastify";
import { authRoutes } from "./auth/routes.js";
import { healthRoutes } from "./health/routes.js";
import { userRoutes } from "./users/routes.js";
import { roleRoutes } from "./roles/routes.js";
import { schoolRoutes } from "./schools/routes.js";
import { classRoutes } from "./classes/routes.js";
import { systemRoutes } from "./system/routes.js";
import { auditRoutes } from "./system/auditRoutes.js";

import { lessonRoutes } from "./lessons/routes.js";
import { lessonQuizRoutes, quizRoutes } from "./lessons/quizRoutes.js";
import { progressRoutes } from "./progress/routes.js";
import { analyticsRoutes } from "./analytics/routes.js";
import { messageRoutes } from "./messages/routes.js";
import { notificationRoutes } from "./notifications/routes.js";
import { realtimeRoutes } from "./realtime/routes.js";
/** The education platform API (specs/toolboxai-platform-api-v2.md), mounted at /v2. */
export const platformModule: FastifyPluginAsync = async (app) => {
	await app.register(healthRoutes);
	await app.register(authRoutes, { prefix: "/auth" });
	await app.register(userRoutes, { prefix: "/users" });
	await app.register(roleRoutes);
	await app.register(schoolRoutes, { prefix: "/schools" });
	await app.register(classRoutes, { prefix: "/classes" });
	await app.register(systemRoutes, { prefix: "/system" });
	await app.register(auditRoutes, { prefix: "/audit" });
	await app.register(lessonRoutes, { prefix: "/lessons" });
	await app.register(lessonQuizRoutes, { prefix: "/lessons" });
	await app.register(quizRoutes, { prefix: "/quizzes" });
	await app.register(progressRoutes, { prefix: "/progress" });
	await app.register(analyticsRoutes, { prefix: "/analytics" });
	await app.register(messageRoutes, { prefix: "/messages" });
	await app.register(notificationRoutes, { prefix: "/notifications" });
	await app.register(realtimeRoutes);
};
