import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";

/** OpenAPI 3 generated from the route schemas, served at /openapi.json with Swagger UI at /docs. */
export const openapiPlugin = fp(
	async (app: FastifyInstance) => {
		await app.register(swagger, {
			openapi: {
				openapi: "3.0.3",
				info: {
					title: "Roblox Classroom backend",
					version: "0.1.0",
					description: [
						"Implements the education platform API (`/v2`), the Roblox classroom plugin API (`/v2/roblox`),",
						"the Roblox integration API (`/api/v1/roblox`), script licensing (`/licensing`) and the",
						"game-server bot API (`/bot`). Each area answers in its own spec's envelope.",
					].join(" "),
				},
				components: {
					securitySchemes: {
						bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
						apiKey: { type: "http", scheme: "bearer", description: "API key (place key, owner key or workspace key)" },
					},
				},
			},
		});
		await app.register(swaggerUi, { routePrefix: "/docs" });
		app.get("/openapi.json", { schema: { hide: true }, config: { rateLimit: false } }, async () => app.swagger());
	},
	{ name: "openapi" },
);
