import type { FastifyPluginAsync } from "fastify";
import { botModule } from "./bot/index.js";
import { classroomModule } from "./classroom/index.js";
import { licensingModule } from "./licensing/index.js";
import { platformModule } from "./platform/index.js";
import { robloxModule } from "./roblox/index.js";

/** Every API area, mounted at its base path. Each plugin is encapsulated: its hooks, error
 * style and decorators stay inside its prefix. */
export const MODULES: { prefix: string; plugin: FastifyPluginAsync }[] = [
	{ prefix: "/v2", plugin: platformModule },
	{ prefix: "/v2/roblox", plugin: classroomModule },
	{ prefix: "/api/v1/roblox", plugin: robloxModule },
	{ prefix: "/licensing", plugin: licensingModule },
	{ prefix: "/bot", plugin: botModule },
];
