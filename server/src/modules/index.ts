import type { FastifyPluginAsync } from "fastify";
import { ERROR_AREAS, type AreaPrefix, type ErrorArea } from "../http/errorAreas.js";
import { botModule } from "./bot/index.js";
import { classroomModule } from "./classroom/index.js";
import { licensingModule } from "./licensing/index.js";
import { platformModule } from "./platform/index.js";
import { robloxModule } from "./roblox/index.js";

/** Every API area, mounted at its base path. Each plugin is encapsulated: its hooks, error
 * style and decorators stay inside its prefix. */
export const MODULES: { prefix: string; plugin: FastifyPluginAsync; errors: ErrorArea }[] = [
	{ prefix: "/v2", plugin: platformModule, errors: ERROR_AREAS.platform },
	{ prefix: "/v2/roblox", plugin: classroomModule, errors: ERROR_AREAS.roblox },
	{ prefix: "/api/v1/roblox", plugin: robloxModule, errors: ERROR_AREAS.roblox },
	{ prefix: "/licensing", plugin: licensingModule, errors: ERROR_AREAS.licensing },
	{ prefix: "/bot", plugin: botModule, errors: ERROR_AREAS.bot },
];

/**
 * Error areas by URL prefix (the longest prefix wins): every module, and inside the Roblox v1
 * module its OAuth endpoints, which answer in RFC 6749 form (roblox/device/oauthRoutes.ts).
 */
export const ERROR_AREA_PREFIXES: AreaPrefix[] = [...MODULES, { prefix: "/api/v1/roblox/oauth", errors: ERROR_AREAS.oauth }];
