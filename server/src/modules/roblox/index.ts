import type { FastifyPluginAsync } from "fastify";

/** The roblox API area (not built yet). */
export const robloxModule: FastifyPluginAsync = async () => {};
