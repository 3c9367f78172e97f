import type { FastifyPluginAsync } from "fastify";

/** The licensing API area (not built yet). */
export const licensingModule: FastifyPluginAsync = async () => {};
