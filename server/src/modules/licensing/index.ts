import type { FastifyPluginAsync } from "fastify";
import { installErrorHandler } from "../../http/errorHandler.js";
import { bareErrorStyle } from "../../http/errorStyles.js";
import type { LicensingContext } from "./context.js";
import { gameRoutes } from "./game/routes.js";
import { failureCountersOf } from "../../security/keyGuessGuard.js";
import { GuessThrottle } from "./guessThrottle.js";
import { keyRoutes } from "./keys/routes.js";
import { LiveSessions } from "./liveSessions.js";
import { projectRoutes } from "./projects/routes.js";
import { scriptRoutes } from "./scripts/routes.js";
import { sessionRoutes } from "./sessions/routes.js";

/**
 * Script licensing (specs/script-licensing-api.md), mounted at /licensing: projects and owner
 * keys (JWT), the spec's script and session routes plus licence keys (owner key), and the
 * game-facing verify / heartbeat / end. Errors: `{ success: false, error: { code, message } }`.
 */
export const licensingModule: FastifyPluginAsync = async (app) => {
	installErrorHandler(app, bareErrorStyle);
	const { config, database, clock } = app.core;
	const ctx: LicensingContext = {
		db: database.db,
		clock,
		config,
		live: new LiveSessions(database.db, clock, app.core.hub),
		throttle: new GuessThrottle(failureCountersOf(app.core), config.LICENSING_KEY_FAILURES_PER_IP, config.LICENSING_KEY_FAILURES_PER_SCRIPT, clock),
		intervalMs: config.LICENSING_HEARTBEAT_SECONDS * 1000,
	};
	app.addHook("onClose", () => ctx.live.close());

	await app.register(projectRoutes, { ctx });
	await app.register(scriptRoutes, { ctx });
	await app.register(sessionRoutes, { ctx });
	await app.register(keyRoutes, { ctx });
	await app.register(gameRoutes, { ctx });
};
