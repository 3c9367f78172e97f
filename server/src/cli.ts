import cluster from "node:cluster";
import { Command } from "commander";
import { pino } from "pino";
import { buildApp } from "./app.js";
import { adminLines, reportReady, runPrimary } from "./cluster.js";
import { ensureAdmin } from "./bootstrap.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { DataDirLockedError } from "./db/dataDirLock.js";
import { loggerOptions } from "./http/logging.js";
import { migrateDatabase } from "./db/migrate.js";
import { describeDatabaseOutage, isDatabaseUnavailable } from "./db/unavailable.js";
import { SecretsMismatchError } from "./security/sharedSecrets.js";
import { seedDemo } from "./seed.js";
import { createCoreServices, openConfiguredDatabase } from "./services.js";
import type { Shutdown } from "./lifecycle.js";

/** The CLI (`start | migrate | seed --demo`); main.ts installs the signal handlers first. */
export async function runCli(shutdown: Shutdown): Promise<void> {
	await cliProgram(shutdown).parseAsync();
}

function cliProgram(shutdown: Shutdown): Command {
	const program = new Command()
		.name("classroom-server")
		.description("Backend of the Roblox classroom framework");

	program
		.command("start", { isDefault: true })
		.description("migrate, then serve the HTTP and WebSocket APIs")
		.action(async () => {
			const config = configOrExit();
			if (config.WORKERS > 1 && cluster.isPrimary) return runPrimary(config, shutdown);
			const started = await startServer(config, shutdown);
			if (cluster.isWorker) return reportReady(started);
			console.log([...started.banner, ...adminLines(started.admin)].join("\n"));
		});

	program
		.command("migrate")
		.description("apply database migrations and exit")
		.action(async () => {
			const config = configOrExit();
			const database = await startupStep(config, () => openConfiguredDatabase(config, "migrate"));
			shutdown.add(() => database.close());
			const sets = await startupStep(config, () => migrateDatabase(database));
			await database.close();
			console.log(`Migrations applied: ${sets.join(", ")}`);
		});

	program
		.command("seed")
		.description("load sample data")
		.option("--demo", "a demo school, class, teacher, students and lesson")
		.action(async (options: { demo?: boolean }) => {
			const config = configOrExit();
			const services = await startupStep(config, () => createCoreServices(config, { command: "seed" }));
			shutdown.add(() => services.close());
			try {
				if (!options.demo) return void console.log("Nothing to seed: pass --demo");
				const summary = await seedDemo(services.database.db);
				console.log(summary);
			} finally {
				await services.close();
			}
		});

	return program;
}

/** Migrates, makes sure there is an admin, and listens; returns what the banner says. */
async function startServer(config: Config, shutdown: Shutdown) {
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
	return { address: base, banner, admin };
}

function configOrExit(): Config {
	try {
		return loadConfig();
	} catch (error) {
		if (error instanceof ConfigError) {
			pino().fatal(error.message);
			console.error(error.message);
			process.exit(2);
		}
		throw error;
	}
}

/**
 * Runs one start-up step; the failures an operator can fix themselves (DATA_DIR held by another
 * server, database unreachable, port taken) end the process with one clear line, no stack.
 */
async function startupStep<T>(config: Config, step: () => Promise<T>): Promise<T> {
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

