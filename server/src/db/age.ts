import { lt, sql, type Column, type SQL } from "drizzle-orm";

/**
 * `column` (a timestamp written with the database's now()) is more than `ms` in the past, by the
 * database's clock: the sweeps compare rows with the clock that stamped them, not this process's.
 */
export const olderThan = (column: Column, ms: number): SQL => lt(column, sql`now() - ${ms} * interval '1 millisecond'`);
