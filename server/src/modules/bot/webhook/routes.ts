import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { AppError } from "../../../http/errors.js";
import { currentWorkspace } from "../auth/workspaceAuth.js";
import type { BotDeps } from "../deps.js";
import { discordFailure, isMissingAccess, isUnknown } from "../discord/discordErrors.js";
import { errorResponses, Success, success } from "../envelope.js";
import { recordModeration } from "../logs.js";
import { buildMessage } from "./buildMessage.js";
import { WebhookBody, WebhookData } from "./schema.js";

/** POST /webhook: a message or embeds to a channel in one of the workspace's guilds. */
export const webhookRoutes: FastifyPluginAsyncTypebox<{ deps: BotDeps }> = async (app, { deps }) => {
	app.post(
		"/webhook",
		{
			config: { rateLimit: false },
			schema: {
				tags: ["bot"],
				summary: "Send a message or embed to a Discord channel",
				security: [{ apiKey: [] }],
				body: WebhookBody,
				response: { 200: Success(WebhookData), ...errorResponses(400, 401, 403, 404, 429, 500, 502) },
			},
		},
		async (request) => {
			const workspace = currentWorkspace(request);
			const body = buildMessage(request.body);
			const { cid } = request.body;
			const channelNotFound = () => new AppError(404, "NOT_FOUND", `Discord channel '${cid}' not found or bot lacks access.`);
			let messageId: string;
			try {
				// A key reaches only its own guilds: a channel elsewhere is as good as unknown.
				const guildId = await deps.discord.channelGuild(cid);
				if (!guildId || !workspace.discordGuildIds.includes(guildId)) throw channelNotFound();
				messageId = await deps.discord.postMessage(cid, body);
			} catch (error) {
				if (isUnknown(error) || isMissingAccess(error)) throw channelNotFound();
				throw discordFailure(error, "Failed to send message");
			}
			await recordModeration(app.core.database.db, [
				{ workspaceId: workspace.id, action: "webhook", target: cid, details: { method: request.body.method, messageId } },
			]);
			return success({ messageId });
		},
	);
};
