/** The rows of `db.execute(sql...)`: postgres.js resolves to the rows, PGlite to `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
