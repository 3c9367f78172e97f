/**
 * Prints the backend's OpenAPI document as the running app serves it at /openapi.json: the app is
 * built in-process on an in-memory database, so no server has to be started to generate the client.
 */
import { buildApp } from "../../server/src/app.js";
import { loadConfig } from "../../server/src/config.js";
import { createCoreServices } from "../../server/src/services.js";

export async function openapiDocument(): Promise<unknown> {
	const config = loadConfig({
		DATABASE_URL: "memory://",
		LOG_LEVEL: "silent",
		JWT_SECRET: "openapi-generation-secret-not-used-0123",
		CREDENTIALS_KEY: "0".repeat(63) + "1",
	});
	const services = await createCoreServices(config);
	const app = await buildApp(services);
	try {
		await app.ready();
		const response = await app.inject({ method: "GET", url: "/openapi.json" });
		if (response.statusCode !== 200) throw new Error(`/openapi.json answered ${response.statusCode}`);
		return response.json();
	} finally {
		await app.close();
		await services.close();
	}
}
