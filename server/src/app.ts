import websocket from "@fastify/websocket";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { CoreServices } from "./http/context.js";
import { corePlugin } from "./http/corePlugin.js";
import { corsPlugin } from "./http/corsPolicy.js";
import { installErrorHandler } from "./http/errorHandler.js";
import { earlyErrorOptions, hostileInputPlugin } from "./http/hostileInput.js";
import { idempotencyPlugin } from "./http/idempotency/plugin.js";
import { AccessLog, lazyRequestLogger } from "./http/logging.js";
import { platformErrorStyle } from "./http/errorStyles.js";
import { openapiPlugin } from "./http/openapi.js";
import { rateCategoriesPlugin } from "./http/rateCategories.js";
import { requestIdFrom } from "./http/requestId.js";
import { responseHeadersPlugin } from "./http/responseHeaders.js";
import { createValidatorCompiler } from "./http/validation.js";
import { webAppPlugin } from "./http/webApp.js";
import { ERROR_AREA_PREFIXES, MODULES } from "./modules/index.js";

/** Builds the Fastify app from the core and the module plugins; nothing else happens here. */
export async function buildApp(services: CoreServices, options: { logger?: FastifyServerOptions["logger"] } = {}): Promise<FastifyInstance> {
	const app = Fastify({
		logger: options.logger ?? false,
		genReqId: requestIdFrom,
		bodyLimit: services.config.BODY_LIMIT_BYTES,
		trustProxy: false,
		logController: new AccessLog(),
		...(options.logger ? { childLoggerFactory: lazyRequestLogger } : {}),
		...earlyErrorOptions(ERROR_AREA_PREFIXES),
	}).withTypeProvider<TypeBoxTypeProvider>();
	app.setValidatorCompiler(createValidatorCompiler());

	installErrorHandler(app, platformErrorStyle);
	await app.register(responseHeadersPlugin, { helmet: { contentSecurityPolicy: false } });
	await app.register(corsPlugin, { config: services.config });
	await app.register(corePlugin, { services });
	await app.register(rateCategoriesPlugin);
	await app.register(idempotencyPlugin, { services });
	await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
	await app.register(openapiPlugin, { areas: ERROR_AREA_PREFIXES });
	await app.register(hostileInputPlugin);
	for (const module of MODULES) await app.register(module.plugin, { prefix: module.prefix });
	await app.register(webAppPlugin);
	return app;
}
