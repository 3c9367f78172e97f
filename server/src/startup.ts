import { buildApp } from "./app.js";
import { ensureAdmin } from "./bootstrap.js";
import type { Config } from "./config.js";
import { DataDirLockedError } from "./db/dataDirLock.js";
import { describeDatabaseOutage, isDatabaseUnavailable } from "./db/unavailable.js";
import { loggerOptions } from "./http/logging.js";
import type { Shutdown } from "./lifecycle.js";
import { SecretsMismatchError } from "./security/sharedSecrets.js";
import { createCoreServices } from "./services.js";

/**
 * The `start` command in a process that serves (cli.ts imports this file only there, so the
 * primary of WORKERS=N stays small): migrates, makes sure there is an admin, and listens;
 * returns what the banner says.
 */
export async function startServer(config: Config, shutdown: Shutdown) {
	const services = await startupStep(config, () => createCoreServices(config, { command: "start" }));
	const closeServices = shutdown.add(() => services.close());
	const admin = await startupStep(config, () => ensureAdmin(services.database.db, config));
	const app = await buildApp(services, { logger: loggerOptions(config.LOG_LEVEL) });
	app.addHook("onClose", () => services.close());
	closeServices();
	shutdown.add(() => app.close());
	const address = await startupStep(config, () => app.listen({ port: config.PORT, host: config.HOST }));
	const listening = app.server.address();
	if (listening && typeof listening === "object") services.database.lock?.setPort(listening.port);
	const base = address.replace("0.0.0.0", "127.0.0.1");
	const banner = [
		`\nClassroom backend ready (${services.database.kind}${config.DATABASE_URL ? "" : ` in ${config.dataDir}`})`,
		`  API      ${base}/v2/health`,
		`  Docs     ${base}/docs`,
		`  OpenAPI  ${base}/openapi.json`,
		`\nSync the place into Studio with: rojo serve default.project.json\n`,
	];
	return { banner, admin };
}

/**
 * Runs one start-up step; the failures an operator can fix themselves (DATA_DIR held by another
 * server, database unreachable, port taken) end the process with one clear line, no stack.
 */
export async function startupStep<T>(config: Config, step: () => Promise<T>): Promise<T> {
	try {
		return await step();
	} catch (error) {
		const line = operatorMessage(error, config);
		if (!line) throw error;
		console.error(line);
		process.exit(1);
	}
}

function operatorMessage(error: unknown, config: Config): string | undefined {
	if (error instanceof DataDirLockedError || error instanceof SecretsMismatchError) return error.message;
	if (isDatabaseUnavailable(error)) return describeDatabaseOutage(error, config.DATABASE_URL);
	if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") return `Port ${config.PORT} on ${config.HOST} is already in use: set PORT to a free port.`;
	return undefined;
}

