import { defineConfig } from "vitest/config";
import postgres from "postgres";
import { chromiumPath } from "./web/test/support/chromium";

const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** The backend suite runs twice: on embedded PGlite, and on PostgreSQL when it answers. */
async function postgresAvailable(): Promise<boolean> {
	const sql = postgres(POSTGRES_URL, { max: 1, connect_timeout: 2, onnotice: () => {} });
	try {
		await sql`select 1`;
		return true;
	} catch {
		return false;
	} finally {
		await sql.end({ timeout: 1 }).catch(() => {});
	}
}

// One runner for both runtimes. Each test file runs in its own forked process: luau-web's WASM
// heap cannot be freed, and backend tests own their databases.
export default defineConfig(async () => {
	const withPostgres = process.env.TEST_SKIP_POSTGRES ? false : await postgresAvailable();
	if (!withPostgres) {
		console.warn(`\n[tests] PostgreSQL is not reachable at ${POSTGRES_URL}: SKIPPING the server-pg project (backend suite on PostgreSQL).\n`);
	}
	if (!chromiumPath()) {
		console.warn(
			"\n" + "!".repeat(78) + "\n[tests] CHROMIUM IS NOT INSTALLED: SKIPPING THE TEACHER APP'S BROWSER TESTS (project web).\n" +
				"[tests] Install it with: apt-get update && apt-get install -y chromium   (or set CHROMIUM_PATH)\n" + "!".repeat(78) + "\n",
		);
	}
	return {
		test: {
			pool: "forks",
			// Vitest's default is one fork per core less one: a single fork on a 2-core machine, which
			// leaves the second core idle while a file waits on a child process, a socket or the
			// database. Two forks keep both cores busy; TEST_WORKERS overrides.
			maxWorkers: Number(process.env.TEST_WORKERS ?? 2),
			minWorkers: 1,
			testTimeout: 60_000,
			hookTimeout: 60_000,
			projects: [
				{ extends: true, test: { name: "place", include: ["tests/**/*.test.ts"] } },
				...(chromiumPath() ? [{ extends: true, test: { name: "web", include: ["web/test/**/*.test.ts"], env: { TEST_DB: "pglite" } } }] : []),
				{ extends: true, test: { name: "server", include: ["server/test/**/*.test.ts"], env: { TEST_DB: "pglite" } } },
				...(withPostgres
					? [{ extends: true, test: { name: "server-pg", include: ["server/test/**/*.test.ts"], env: { TEST_DB: "postgres" } } }]
					: []),
			],
		},
	};
});
