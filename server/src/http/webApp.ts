import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/** Paths that belong to the APIs: an unknown one is the API's 404, never the app's page. */
const API_PREFIXES = ["/v2", "/api/", "/licensing", "/bot", "/docs", "/openapi.json", "/ws"];

/**
 * The teacher app (web/, built by `npm run build -w web`) on the same origin as the API: its
 * files at /, and index.html for any other GET that asks for a page, so client-side routes
 * survive a reload. Without a build, the backend serves the APIs alone.
 */
export const webAppPlugin = fp(
	async (app: FastifyInstance) => {
		const root = resolve(app.core.config.WEB_DIST_DIR ?? defaultDist());
		if (!existsSync(join(root, "index.html"))) {
			app.log.warn({ root }, "teacher app not built (npm run build -w web): serving the APIs only");
			return;
		}
		await app.register(fastifyStatic, { root, wildcard: false, index: ["index.html"], cacheControl: false });
		app.get("/*", { schema: { hide: true }, config: { rateLimit: false } }, (request, reply) => {
			const path = request.url.split("?")[0];
			const wantsPage = (request.headers.accept ?? "").includes("text/html");
			if (!wantsPage || API_PREFIXES.some((prefix) => path.startsWith(prefix))) return reply.callNotFound();
			return reply.header("cache-control", "no-cache").sendFile("index.html");
		});
	},
	{ name: "web-app" },
);

function defaultDist(): string {
	return join(dirname(fileURLToPath(import.meta.url)), "../../../web/dist");
}
