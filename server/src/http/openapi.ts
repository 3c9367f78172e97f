import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { AreaPrefix } from "./errorAreas.js";
import { finishDocument, websocketOperation, type OpenApiDocument } from "./openapiDocument.js";

/**
 * OpenAPI 3.0.3 generated from the route schemas, served at /openapi.json with Swagger UI at
 * /docs. Shared schemas are components named by their `$id`; each area's error envelope is a
 * component used by every error response of its routes; WebSocket routes are documented as
 * their `101` upgrade (see openapiDocument.ts).
 */
export const openapiPlugin = fp<{ areas: readonly AreaPrefix[] }>(
	async (app: FastifyInstance, { areas }) => {
		await app.register(swagger, {
			openapi: {
				openapi: "3.0.3",
				info: {
					title: "Roblox Classroom backend",
					version: "0.1.0",
					description: [
						"Implements the education platform API (`/v2`), the Roblox classroom plugin API (`/v2/roblox`),",
						"the Roblox integration API (`/api/v1/roblox`), script licensing (`/licensing`) and the",
						"game-server bot API (`/bot`). Each area answers in its own spec's envelope",
						"(components PlatformError, RobloxError, LicensingError, BotError).",
						"Every string refuses NUL, C0 control characters (tab, newline and carriage return are allowed in bodies)",
						"and unpaired surrogates with a 400 naming the field; date-times must be RFC 3339 with a year from 1900",
						"to 9999 and no leap second.",
					].join(" "),
				},
				components: {
					securitySchemes: {
						bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
						apiKey: { type: "http", scheme: "bearer", description: "API key (place key, owner key or workspace key)" },
					},
				},
			},
			refResolver: {
				// Shared schemas keep their `$id` as the component name (def-N tells a client nothing).
				buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === "string" ? json.$id : `def-${i}`),
			},
			transform: ({ schema, url, route }) => ({
				url,
				schema: (route as { websocket?: boolean }).websocket ? websocketOperation(schema ?? {}) : schema,
			}),
			transformObject: (documentObject) => finishDocument((documentObject as { openapiObject: OpenApiDocument }).openapiObject, areas),
		});
		await app.register(swaggerUi, { routePrefix: "/docs" });
		app.get("/openapi.json", { schema: { hide: true }, config: { rateLimit: false } }, async () => app.swagger());
	},
	{ name: "openapi" },
);
