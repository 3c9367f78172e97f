import type { FastifyPluginAsync } from "fastify";

/** The classroom API area (not built yet). */
export const classroomModule: FastifyPluginAsync = async () => {};
