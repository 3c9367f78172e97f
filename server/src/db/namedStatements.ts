import type postgres from "postgres";

/**
 * The postgres.js client drizzle runs on, with its parametrised queries sent as named prepared
 * statements. Drizzle calls `unsafe(text, params)`, which postgres.js runs unnamed: it then asks
 * the server to describe the statement before executing it, two round trips per query, every
 * time. Named, a connection describes each distinct query once and afterwards executes it in
 * one round trip (postgres.js's own default for its tagged templates). `prepare: false` in the
 * connection options (for a transaction-mode pooler such as PgBouncer) still wins: postgres.js
 * only names a statement when the connection allows it.
 */
export function withNamedStatements<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
	return new Proxy(sql, {
		get(target, property, receiver) {
			if (property === "unsafe") {
				return (text: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
					target.unsafe(text, params, params?.length ? { prepare: true, ...options } : options);
			}
			if (property === "begin") {
				return (...args: unknown[]) => {
					const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
					return (target as postgres.Sql).begin(...(args as [string]), (tx) => fn(withNamedStatements(tx)));
				};
			}
			if (property === "savepoint") {
				return (...args: unknown[]) => {
					const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
					return (target as postgres.TransactionSql).savepoint(...(args as [string]), (tx) => fn(withNamedStatements(tx)));
				};
			}
			return Reflect.get(target, property, receiver);
		},
	});
}
