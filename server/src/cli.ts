import cluster from "node:cluster";
import { Command } from "commander";
import { pino } from "pino";
import { adminLines, reportReady, runPrimary } from "./cluster.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
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
			// The primary of WORKERS=N only forks and watches: it never loads the server's modules.
			if (config.WORKERS > 1 && cluster.isPrimary) return runPrimary(config, shutdown);
			const { startServer } = await import("./startup.js");
			const started = await startServer(config, shutdown);
			if (cluster.isWorker) return reportReady(started);
			console.log([...started.banner, ...adminLines(started.admin)].join("\n"));
		});

	program
		.command("migrate")
		.description("apply database migrations and exit")
		.action(async () => {
			const config = configOrExit();
			const { startupStep } = await import("./startup.js");
			const { openConfiguredDatabase } = await import("./services.js");
			const { migrateDatabase } = await import("./db/migrate.js");
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
			const { startupStep } = await import("./startup.js");
			const { createCoreServices } = await import("./services.js");
			const { seedDemo } = await import("./seed.js");
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
