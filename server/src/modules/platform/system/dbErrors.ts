/**
 * PostgreSQL error classes the platform turns into client answers rather than 500s: a unique
 * violation is a 409 (two writers raced past the pre-check), a foreign-key violation on delete is
 * a 409 (another module still points at the row). Drizzle wraps the driver's error in `cause`.
 */
export const isUniqueViolation = (error: unknown): boolean => pgCode(error) === "23505";
export const isForeignKeyViolation = (error: unknown): boolean => pgCode(error) === "23503";

function pgCode(error: unknown): string | undefined {
	for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
		if (typeof e.code === "string" && /^\d{2}[0-9A-Z]{3}$/.test(e.code)) return e.code;
	}
	return undefined;
}
