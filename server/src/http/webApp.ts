import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/**
 * The app's client-side routes (web/src/App.tsx): a reload on one of them gets index.html. They are
 * listed rather than caught by a wildcard so every other unknown path keeps its own area's 404.
 */
export const APP_ROUTES = ["classes", "lessons", "places", "sessions"];

/**
 * The teacher app (web/, built by `npm run build -w web`) on the same origin as the API: its
 * files at /, and index.html on the app's own routes, so they survive a reload. Without a build,
 * the backend serves the APIs alone.
 */
export const webAppPlugin = fp(
	async (app: FastifyInstance) => {
		const root = resolve(app.core.config.WEB_DIST_DIR ?? defaultDist());
		if (!existsSync(join(root, "index.html"))) {
			app.log.warn({ root }, "teacher app not built (npm run build -w web): serving the APIs only");
			return;
		}
		await app.register(fastifyStatic, { root, wildcard: false, index: ["index.html"], cacheControl: false });
		for (const route of APP_ROUTES.flatMap((name) => [`/${name}`, `/${name}/*`])) {
			app.get(route, { schema: { hide: true }, config: { rateLimit: false } }, (_request, reply) => reply.header("cache-control", "no-cache").sendFile("index.html"));
		}
	},
	{ name: "web-app" },
);

function defaultDist(): string {
	return join(dirname(fileURLToPath(import.meta.url)), "../../../web/dist");
}
