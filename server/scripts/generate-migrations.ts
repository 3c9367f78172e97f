import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { MIGRATION_SETS } from "../src/db/migrationSets.js";

// Generates (or extends) each module's migration folder from its Drizzle schema.
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const only = process.argv[2];
for (const set of MIGRATION_SETS) {
	if (only && set.name !== only) continue;
	if (!existsSync(join(root, set.schema))) throw new Error(`missing schema ${set.schema}`);
	execFileSync(
		"npx",
		["drizzle-kit", "generate", "--dialect=postgresql", `--schema=${set.schema}`, `--out=${set.folder}`, `--name=${set.name}`],
		{ cwd: root, stdio: "inherit" },
	);
}
