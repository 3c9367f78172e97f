import { is } from "drizzle-orm";
import { PostgresJsSession } from "drizzle-orm/postgres-js";
import type { Db, Tx } from "./client.js";

/** The rows of `db.execute(sql...)`: postgres.js resolves to the rows, PGlite to `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * A hand-written statement for a hot path, with positional parameters ($1, $2, ...): its text
 * is fixed once, so a call only binds values, where `db.execute(sql\`...\`)` renders the template
 * again on every call (and drizzle's query builders do far more). Runs on the database or inside
 * a transaction, on PostgreSQL (straight to postgres.js, as a named prepared statement: see
 * namedStatements.ts) and PGlite (through drizzle's raw query, which sets its type parsers).
 */
export function statement<Row>(text: string): (db: Db | Tx, params: unknown[]) => Promise<Row[]> {
	return async (db, params) => {
		const session = db._.session;
		if (is(session, PostgresJsSession)) return (await session.client.unsafe(text, params as never[])) as unknown as Row[];
		return rowsOf<Row>(await session.prepareQuery({ sql: text, params }, undefined, undefined, false).execute());
	};
}
