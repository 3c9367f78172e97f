import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { acquireDataDirLock, type DataDirLock } from "./dataDirLock.js";
import { withNamedStatements } from "./namedStatements.js";
import { queuedTransactions } from "./writeQueue.js";

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
	/** PGlite on disk: the single-writer lock on DATA_DIR (see dataDirLock.ts). */
	lock?: DataDirLock;
	close(): Promise<void>;
}

export interface OpenOptions {
	url?: string;
	dataDir: string;
	loadDataDir?: Blob;
	/** What this process is, recorded in the DATA_DIR lock ("start", "migrate", "seed"). */
	command?: string;
	/** PostgreSQL: seconds to wait for a connection, and the server-side statement timeout. */
	connectTimeoutSeconds?: number;
	statementTimeoutMs?: number;
	/** PGlite: longest a transaction waits for its turn before 503 DATABASE_BUSY (writeQueue.ts); default 30 s. */
	writeWaitMs?: number;
}

/**
 * `DATABASE_URL` unset: embedded PGlite persisted under `<dataDir>/pglite`.
 * `memory://`: embedded PGlite in memory (tests). `postgres://...`: PostgreSQL.
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
	const url = options.url;
	if (url && /^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
	if (url?.startsWith("memory://")) return wrapPglite(new PGlite({ loadDataDir: options.loadDataDir }), options);
	mkdirSync(options.dataDir, { recursive: true });
	const lock = acquireDataDirLock(options.dataDir, options.command ?? "server");
	try {
		const client = new PGlite(await initialisedPgliteDir(options.dataDir));
		return { ...(await wrapPglite(client, options)), lock, close: () => client.close().finally(() => lock.release()) };
	} catch (error) {
		lock.release();
		throw error;
	}
}

async function wrapPglite(client: PGlite, options: Pick<OpenOptions, "writeWaitMs">): Promise<Database> {
	await client.waitReady;
	return {
		db: queuedTransactions(drizzlePglite(client) as unknown as Db, { maxWaitMs: options.writeWaitMs ?? 30_000, maxGroup: 32 }),
		kind: "pglite",
		// PGlite is one connection in this process: its queue already serialises everything.
		exclusive: (fn) => fn(),
		dumpDataDir: async () => (await client.dumpDataDir("none")) as Blob,
		close: () => client.close(),
	};
}

/**
 * `<dataDir>/pglite`, created on first start in a temporary sibling and renamed into place only
 * once PGlite has finished initdb and closed it: a first start interrupted half-way (Ctrl-C,
 * kill -9) leaves only a `pglite.init-*` directory, removed by the next start, never a
 * half-made database that PGlite cannot open again. Runs under the DATA_DIR lock.
 */
async function initialisedPgliteDir(dataDir: string): Promise<string> {
	const target = join(dataDir, "pglite");
	for (const name of readdirSync(dataDir)) {
		if (name.startsWith("pglite.init-")) rmSync(join(dataDir, name), { recursive: true, force: true });
	}
	if (existsSync(target)) return target;
	const staging = join(dataDir, `pglite.init-${process.pid}`);
	const fresh = new PGlite(staging);
	await fresh.waitReady;
	await fresh.close();
	renameSync(staging, target);
	return target;
}

function openPostgres(url: string, options: OpenOptions): Database {
	const sql = postgres(url, {
		max: 10,
		onnotice: () => {},
		// Bounded waits, so an unreachable database turns into a prompt 503 rather than a hung request.
		connect_timeout: options.connectTimeoutSeconds ?? 5,
		connection: { statement_timeout: options.statementTimeoutMs ?? 15_000 },
	});
	return {
		db: drizzlePostgres(withNamedStatements(sql)) as unknown as Db,
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
