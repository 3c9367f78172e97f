#!/usr/bin/env node
import { Command } from "commander";
import { pino } from "pino";
import { buildApp } from "./app.js";
import { ensureAdmin } from "./bootstrap.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { openDatabase } from "./db/client.js";
import { migrateDatabase } from "./db/migrate.js";
import { seedDemo } from "./seed.js";
import { createCoreServices } from "./services.js";

const program = new Command()
	.name("classroom-server")
	.description("Backend of the Roblox classroom framework");

program
	.command("start", { isDefault: true })
	.description("migrate, then serve the HTTP and WebSocket APIs")
	.action(async () => {
		const config = configOrExit();
		const services = await createCoreServices(config);
		const admin = await ensureAdmin(services.database.db, config);
		const app = await buildApp(services, {
			logger: {
				level: config.LOG_LEVEL,
				redact: { paths: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.token", "*.refresh_token"], remove: true },
			},
		});
		app.addHook("onClose", () => services.close());
		const address = await app.listen({ port: config.PORT, host: config.HOST });
		const base = address.replace("0.0.0.0", "127.0.0.1");
		console.log(`\nClassroom backend ready (${services.database.kind}${config.DATABASE_URL ? "" : ` in ${config.dataDir}`})`);
		console.log(`  API      ${base}/v2/health`);
		console.log(`  Docs     ${base}/docs`);
		console.log(`  OpenAPI  ${base}/openapi.json`);
		if (admin) {
			console.log(`\nCreated the first admin: ${admin.email}`);
			if (admin.password) console.log(`  password (shown once): ${admin.password}`);
		}
		console.log(`\nSync the place into Studio with: rojo serve default.project.json\n`);
		for (const signal of ["SIGINT", "SIGTERM"] as const) {
			process.once(signal, () => {
				void app.close().then(() => process.exit(0));
			});
		}
	});

program
	.command("migrate")
	.description("apply database migrations and exit")
	.action(async () => {
		const config = configOrExit();
		const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir });
		const sets = await migrateDatabase(database);
		await database.close();
		console.log(`Migrations applied: ${sets.join(", ")}`);
	});

program
	.command("seed")
	.description("load sample data")
	.option("--demo", "a demo school, class, teacher, students and lesson")
	.action(async (options: { demo?: boolean }) => {
		const config = configOrExit();
		const services = await createCoreServices(config);
		try {
			if (!options.demo) return void console.log("Nothing to seed: pass --demo");
			const summary = await seedDemo(services.database.db);
			console.log(summary);
		} finally {
			await services.close();
		}
	});

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

await program.parseAsync();
