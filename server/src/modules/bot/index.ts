import type { FastifyPluginAsync } from "fastify";
import { installErrorHandler } from "../../http/errorHandler.js";
import { bareErrorStyle } from "../../http/errorStyles.js";
import { adminRoutes } from "./admin/routes.js";
import { perKeyRateLimit } from "./auth/rateLimit.js";
import { workspaceAuth } from "./auth/workspaceAuth.js";
import { bulkExileRoutes } from "./bulkexile/routes.js";
import { createBotDeps, type BotDeps } from "./deps.js";
import { groupMemberRoutes } from "./groupmembers/routes.js";
import { userActionRoutes } from "./useraction/routes.js";
import { verificationSessionRoutes, verifyRoutes } from "./verification/routes.js";
import { webhookRoutes } from "./webhook/routes.js";

/**
 * The game-server bot API (shared/specs/game-server-bot-openapi.json), mounted at /bot: the
 * spec's paths sit at the root of that base (`/bot/webhook`, `/bot/useraction`, ...).
 * Envelope `{ success, data }` / `{ success:false, error:{code,message,details?} }`.
 *
 * - Workspace-key routes (webhook, useraction, bulkexile, getgroupmembers, and the
 *   verification-sessions route the Discord bot's /verify command calls) share one context
 *   whose preValidation hooks authenticate the key, then charge the key's minute budget.
 * - GET /verify is the browser's OAuth return and always redirects.
 * - /admin/... is for platform admins (JWT): tenants, workspaces, keys, sealed credentials.
 */
export const botModule: FastifyPluginAsync = async (app) => {
	installErrorHandler(app, bareErrorStyle);
	const deps = createBotDeps(app.core.config, app.core.clock, app.core.dependencies);
	app.addHook("onClose", async () => deps.discord.close());

	await app.register(async (keyed) => {
		keyed.decorateRequest("botWorkspace", undefined);
		keyed.addHook("preValidation", workspaceAuth(keyed));
		keyed.addHook("preValidation", perKeyRateLimit(keyed, app.core.config.BOT_RATE_LIMIT_PER_MINUTE));
		const options: { deps: BotDeps } = { deps };
		await keyed.register(webhookRoutes, options);
		await keyed.register(userActionRoutes, options);
		await keyed.register(bulkExileRoutes, options);
		await keyed.register(groupMemberRoutes, options);
		await keyed.register(verificationSessionRoutes, options);
	});
	await app.register(verifyRoutes);
	await app.register(adminRoutes, { prefix: "/admin" });
};
