import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import { installErrorHandler } from "../../http/errorHandler.js";
import { robloxErrorStyle } from "../../http/errorStyles.js";
import { installRateCategories } from "../../http/rateCategories.js";
import { cloudRoutes } from "./cloud/routes.js";
import { OpenCloudClient } from "./cloud/openCloudClient.js";
import { conversationRoutes } from "./conversation/routes.js";
import { deviceApprovalRoutes } from "./device/approvalRoutes.js";
import { deviceOAuthRoutes } from "./device/oauthRoutes.js";
import { DeviceAuthorizationService } from "./device/service.js";
import { ConversationService } from "./conversation/service.js";
import { GENERATION_JOB, GenerationService, rojoProjectsDir } from "./generation/service.js";
import { generationStreamRoutes } from "./generation/streamRoutes.js";
import { oauthRoutes } from "./oauth/routes.js";
import { RobloxOAuthClient } from "./oauth/robloxOAuthClient.js";
import { OAuthService } from "./oauth/service.js";
import { RealtimeEvents } from "./realtime/events.js";
import { createPusher } from "./realtime/pusherClient.js";
import { pusherRoutes } from "./realtime/pusherRoutes.js";
import { SocketRegistry } from "./realtime/socketRegistry.js";
import { wsRoutes } from "./realtime/wsRoutes.js";
import { rojoRoutes } from "./rojo/routes.js";
import { RojoServeManager } from "./rojo/serveManager.js";
import { RojoService } from "./rojo/service.js";
import { installIpAllowList } from "./security/ipAllowList.js";
import { MemoryNonceStore, SharedNonceStore } from "./security/nonceStore.js";
import { installRequestSigning } from "./security/requestSigning.js";
import { scheduleSweep } from "./sweeps.js";
import { DELIVERY_JOB, WebhookService, type DeliveryJob } from "./webhooks/service.js";
import { webhookRoutes } from "./webhooks/routes.js";

/**
 * The Roblox integration API v1 (shared/specs/toolboxai-roblox-api-v1.md), mounted at
 * /api/v1/roblox: OAuth 2.0 + PKCE with Roblox, Pusher channel auth and events (with a WebSocket
 * fallback at /ws), the 8-stage lesson conversation and its generation into a Rojo project,
 * `rojo serve` management, Open Cloud proxies and signed webhooks, and the Studio plugin's
 * sign-in (RFC 8628 device grant at /oauth, approved by a teacher at /auth/device). Errors use
 * the v1 envelope, except /oauth, which answers OAuth clients in RFC 6749 form.
 * `rojo serve` processes started here stop when the app closes.
 */
export const robloxModule: FastifyPluginAsync = async (app) => {
	installErrorHandler(app, robloxErrorStyle);
	installRateCategories(app);
	const { config, database, cipher, jobs, hub, clock, outbound } = app.core;
	const db = database.db;

	if (config.ROBLOX_API_IP_ALLOWLIST) installIpAllowList(app, config.ROBLOX_API_IP_ALLOWLIST);
	if (config.ROBLOX_API_SIGNING_SECRET) {
		const local = new MemoryNonceStore(clock);
		const nonces = app.core.redis ? new SharedNonceStore(app.core.redis, local, `${config.REDIS_KEY_PREFIX}classroom:nonce:`) : local;
		installRequestSigning(app, { secret: config.ROBLOX_API_SIGNING_SECRET, clock, nonces, bodyLimit: config.BODY_LIMIT_BYTES, exempt: unsignable });
	}

	const webhooks = new WebhookService(db, cipher, jobs, clock, { attempts: config.ROBLOX_WEBHOOK_MAX_ATTEMPTS, baseMs: config.ROBLOX_WEBHOOK_RETRY_BASE_MS }, outbound);
	const oauth = new OAuthService(db, cipher, new RobloxOAuthClient(config), clock, webhooks);
	const events = new RealtimeEvents(createPusher(config), hub, app.log);
	const sockets = new SocketRegistry();
	const conversations = new ConversationService(db, events, clock, { llm: Boolean(config.LLM_BASE_URL) });
	const generations = new GenerationService(db, config, jobs, events, conversations, webhooks, clock, app.log);
	const serves = new RojoServeManager(config.ROJO_BASE_PORT);
	const rojo = new RojoService(db, serves, config.ROJO_BIN, config.ROJO_BASE_PORT, webhooks, rojoProjectsDir(config));
	const devices = new DeviceAuthorizationService(db, app.core.tokens, app.core.authEpochs, clock, {
		ttlSeconds: config.DEVICE_CODE_TTL_SECONDS,
		intervalSeconds: config.DEVICE_POLL_INTERVAL_SECONDS ?? Math.max(5, Math.ceil(60 / config.RATE_LIMIT_AUTH_PER_MINUTE)),
	});

	jobs.define<DeliveryJob>(DELIVERY_JOB, (data, job) => webhooks.deliver(data, job.attempt));
	const redriveMs = config.ROBLOX_WEBHOOK_REDRIVE_SECONDS * 1000;
	scheduleSweep(app, "webhook deliveries queued again", redriveMs, () => webhooks.redrive(redriveMs));
	scheduleSweep(app, "stale generations marked failed", 60_000, () => generations.failStale(config.ROBLOX_GENERATION_STALE_MINUTES * 60_000));
	jobs.define<{ generationId: string }>(GENERATION_JOB, (data) => generations.run(data.generationId));
	app.addHook("onClose", async () => serves.stopAll());

	await app.register(oauthRoutes(oauth), { prefix: "/auth" });
	await app.register(deviceApprovalRoutes(devices), { prefix: "/auth/device" });
	await app.register(deviceOAuthRoutes({ devices, verificationUri: (request) => `${config.PUBLIC_URL?.replace(/\/$/, "") ?? `${request.protocol}://${request.host}`}/device` }), { prefix: "/oauth" });
	await app.register(pusherRoutes({ events, sockets }), { prefix: "/pusher" });
	await app.register(wsRoutes({ sockets }));
	await app.register(conversationRoutes({ conversations, generations }), { prefix: "/conversation" });
	await app.register(generationStreamRoutes({ hub, generations, tokens: app.core.tokens, epochs: app.core.authEpochs, heartbeatMs: config.SSE_HEARTBEAT_SECONDS * 1000 }), { prefix: "/conversation" });
	await app.register(rojoRoutes(rojo), { prefix: "/rojo" });
	await app.register(cloudRoutes(new OpenCloudClient(config, oauth)), { prefix: "/cloud" });
	await app.register(webhookRoutes(webhooks), { prefix: "/webhooks" });
};

/** The OAuth redirect comes from Roblox via the browser and a browser WebSocket cannot set headers. */
const unsignable = (request: FastifyRequest): boolean => {
	const route = request.routeOptions.url ?? "";
	return route.endsWith("/auth/callback") || route.endsWith("/ws");
};
