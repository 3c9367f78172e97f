import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrateDatabase } from "../../src/db/migrate.js";

/**
 * Tests run on embedded PGlite by default. With TEST_DB=postgres (the "server-pg" vitest
 * project) each test file gets its own throwaway database on the local PostgreSQL
 * (TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test).
 */
export const TEST_DB_KIND = process.env.TEST_DB === "postgres" ? "postgres" : "pglite";
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export async function openTestDatabase(options: { writeWaitMs?: number } = {}): Promise<Database & { url?: string }> {
	if (TEST_DB_KIND === "pglite") return openDatabase({ url: "memory://", dataDir: "", loadDataDir: await migratedTemplate(), writeWaitMs: options.writeWaitMs });
	const name = `classroom_test_${randomBytes(6).toString("hex")}`;
	const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const url = new URL(TEST_POSTGRES_URL);
	url.pathname = `/${name}`;
	const database = await openDatabase({ url: url.toString(), dataDir: "" });
	return {
		...database,
		url: url.toString(),
		async close() {
			await database.close();
			const cleanup = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
			await cleanup.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
			await cleanup.end();
		},
	};
}

/** Whether the local PostgreSQL answers; the pg project skips with a clear message otherwise. */
export async function postgresReachable(): Promise<boolean> {
	const probe = postgres(TEST_POSTGRES_URL, { max: 1, connect_timeout: 2, onnotice: () => {} });
	try {
		await probe`select 1`;
		return true;
	} catch {
		return false;
	} finally {
		await probe.end({ timeout: 1 }).catch(() => {});
	}
}

let template: Promise<Blob> | undefined;

/**
 * Migrating a fresh PGlite costs seconds; every test app needs one. The migrated data directory
 * is built once per set of migration files, kept in the OS temp dir (shared by the forked test
 * processes) and loaded into each new in-memory database.
 */
function migratedTemplate(): Promise<Blob> {
	template ??= (async () => {
		const file = join(tmpdir(), `classroom-pglite-${migrationsDigest()}.tar`);
		if (existsSync(file)) return new Blob([readFileSync(file)]);
		const database = await openDatabase({ url: "memory://", dataDir: "" });
		await migrateDatabase(database);
		const blob = await database.dumpDataDir!();
		await database.close();
		const partial = `${file}.${process.pid}`;
		writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
		renameSync(partial, file);
		return blob;
	})();
	return template;
}

function migrationsDigest(): string {
	const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "drizzle");
	const hash = createHash("sha256");
	const walk = (dir: string) => {
		for (const name of readdirSync(dir).sort()) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else hash.update(path).update(readFileSync(path));
		}
	};
	walk(root);
	return hash.digest("hex").slice(0, 16);
}
