import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";

/** The query surface every module uses; PGlite and PostgreSQL share it. */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface Database {
	db: Db;
	kind: "pglite" | "postgres";
	/** Runs `fn` holding a database-wide advisory lock, so two processes never migrate at once. */
	exclusive<T>(fn: () => Promise<T>): Promise<T>;
	/** PGlite only: the whole data directory as a tarball (tests start new databases from it). */
	dumpDataDir?(): Promise<Blob>;
	close(): Promise<void>;
}

/**
 * `DATABASE_URL` unset: embedded PGlite persisted under `<dataDir>/pglite`.
 * `memory://`: embedded PGlite in memory (tests). `postgres://...`: PostgreSQL.
 */
export async function openDatabase(options: { url?: string; dataDir: string; loadDataDir?: Blob }): Promise<Database> {
	const url = options.url;
	if (url && /^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
	const memory = url?.startsWith("memory://") ?? false;
	if (!memory) mkdirSync(options.dataDir, { recursive: true });
	const client = memory ? new PGlite({ loadDataDir: options.loadDataDir }) : new PGlite(join(options.dataDir, "pglite"));
	await client.waitReady;
	return {
		db: drizzlePglite(client) as unknown as Db,
		kind: "pglite",
		// PGlite is one connection in this process: its queue already serialises everything.
		exclusive: (fn) => fn(),
		dumpDataDir: async () => (await client.dumpDataDir("none")) as Blob,
		close: () => client.close(),
	};
}

function openPostgres(url: string): Database {
	const sql = postgres(url, { max: 10, onnotice: () => {} });
	return {
		db: drizzlePostgres(sql) as unknown as Db,
		kind: "postgres",
		async exclusive(fn) {
			const conn = await sql.reserve();
			try {
				await conn`select pg_advisory_lock(724201)`;
				return await fn();
			} finally {
				await conn`select pg_advisory_unlock(724201)`.catch(() => {});
				conn.release();
			}
		},
		close: () => sql.end({ timeout: 5 }),
	};
}
