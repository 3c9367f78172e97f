import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";
import fp from "fastify-plugin";

/**
 * The app's client-side routes (web/src/App.tsx): a reload on one of them gets index.html. They are
 * listed rather than caught by a wildcard so every other unknown path keeps its own area's 404.
 */
export const APP_ROUTES = ["classes", "lessons", "places", "sessions", "device"];

/**
 * The teacher app (web/, built by `npm run build -w web`) on the same origin as the API: its
 * files at /, and index.html on the app's own routes, so they survive a reload. Files are looked
 * up when asked for, not listed at start-up: `npm start` builds the app in the background while
 * the API already answers, and a rebuild replaces the hashed asset names. Until a build exists,
 * these paths are 404 and the backend serves the APIs alone.
 */
export const webAppPlugin = fp(
	async (app: FastifyInstance) => {
		const root = resolve(app.core.config.WEB_DIST_DIR ?? defaultDist());
		if (!existsSync(join(root, "index.html"))) app.log.warn({ root }, "teacher app not built yet (npm run build -w web): / answers 404 until it is");
		await app.register(fastifyStatic, { root, serve: false, cacheControl: false });
		const page = (reply: FastifyReply) => reply.header("cache-control", "no-cache").sendFile("index.html");
		const options = { schema: { hide: true }, config: { rateLimit: false } } as const;
		for (const route of ["/", "/index.html", ...APP_ROUTES.flatMap((name) => [`/${name}`, `/${name}/*`])]) app.get(route, options, (_request, reply) => page(reply));
		app.get<{ Params: { "*": string } }>("/assets/*", options, (request, reply) => reply.sendFile(`assets/${request.params["*"]}`));
	},
	{ name: "web-app" },
);

function defaultDist(): string {
	return join(dirname(fileURLToPath(import.meta.url)), "../../../web/dist");
}
