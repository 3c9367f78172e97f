import type { FastifyPluginAsync } from "fastify";

/** The bot API area (not built yet). */
export const botModule: FastifyPluginAsync = async () => {};
