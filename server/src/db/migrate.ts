import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { Database } from "./client.js";
import { MIGRATION_SETS } from "./migrationSets.js";

const serverRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Applies every module's versioned migrations in dependency order. Each module keeps its own
 * drizzle-kit folder and journal table, so modules evolve their tables independently.
 */
export async function migrateDatabase(database: Database): Promise<string[]> {
	const applied: string[] = [];
	await database.exclusive(async () => {
		for (const set of MIGRATION_SETS) {
			const config = {
				migrationsFolder: join(serverRoot, set.folder),
				migrationsTable: `migrations_${set.name}`,
				migrationsSchema: "drizzle",
			};
			// Both drivers implement the same migrator; the cast picks the one matching the client.
			if (database.kind === "pglite") await migratePglite(database.db as never, config);
			else await migratePostgres(database.db as never, config);
			applied.push(set.name);
		}
	});
	return applied;
}
