import type { FastifyPluginAsync } from "fastify";
import { installErrorHandler } from "../../http/errorHandler.js";
import { robloxErrorStyle } from "../../http/errorStyles.js";
import { installRateCategories } from "../../http/rateCategories.js";
import { analyticsRoutes } from "./analytics/routes.js";
import { contentReviewRoutes } from "./content/reviewRoutes.js";
import { contentRoutes } from "./content/routes.js";
import { erasureRoutes } from "./erasure/routes.js";
import { erasureWebhookRoutes } from "./erasure/webhookRoutes.js";
import { placesRoute } from "./placeKeys/placesRoute.js";
import { placeKeyRoutes } from "./placeKeys/routes.js";
import { progressRoutes } from "./progress/routes.js";
import { quizExportRoutes } from "./quiz/exportRoutes.js";
import { quizRoutes } from "./quiz/routes.js";
import { sessionRoutes } from "./sessions/routes.js";
import { sessionTeacherRoutes } from "./sessions/teacherViews.js";
import { teacherRoutes } from "./teachers/routes.js";
import { wsRoutes } from "./ws/routes.js";

/**
 * The classroom plugin API of specs/toolboxai-roblox-api-v1.md, mounted at /v2/roblox: content,
 * place keys, sessions, quiz, progress, analytics and the WebSocket. Errors use the Roblox
 * spec's format ({ error: { code, message, details, timestamp, requestId } }).
 */
export const classroomModule: FastifyPluginAsync = async (app) => {
	installErrorHandler(app, robloxErrorStyle);
	installRateCategories(app);
	await app.register(placeKeyRoutes);
	await app.register(contentRoutes);
	await app.register(sessionRoutes);
	await app.register(quizRoutes);
	await app.register(progressRoutes);
	await app.register(teacherRoutes);
	await app.register(analyticsRoutes);
	await app.register(wsRoutes);
	// The teacher app's views (issue 12): places, lesson review and editing, live session, CSV export.
	await app.register(placesRoute);
	await app.register(contentReviewRoutes);
	await app.register(sessionTeacherRoutes);
	await app.register(quizExportRoutes);
	// Right to Erasure (issue 14): a player's data here and, with Open Cloud, in the place's DataStores.
	await app.register(erasureRoutes);
	// Roblox's own Right to Erasure webhook: the same erasure, for every school in the user's games.
	await app.register(erasureWebhookRoutes);
};
