/**
 * Whether an error means "the database cannot be reached or cannot serve right now" (as opposed
 * to a bug or a constraint violation): clients get 503 SERVICE_UNAVAILABLE with Retry-After for
 * these, and the CLI prints one line instead of a stack trace. Drizzle wraps driver errors
 * (DrizzleQueryError), so the cause chain is walked.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
	return unavailableCause(error) !== undefined;
}

/** Seconds a client should wait before retrying after a database outage answer. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** One line for the console: what could not be reached and why, without credentials. */
export function describeDatabaseOutage(error: unknown, url: string | undefined): string {
	const cause: CodedError = unavailableCause(error) ?? (error as CodedError);
	const reason = [cause?.code, cause?.message].filter(Boolean).join(": ");
	return `Cannot reach the database at ${redacted(url)} (${reason}). Check DATABASE_URL and that PostgreSQL is running.`;
}

interface CodedError {
	code?: string;
	message?: string;
	cause?: unknown;
}

// Node socket errors and postgres.js connection errors.
const CONNECTION_CODES = new Set([
	"ECONNREFUSED",
	"ECONNRESET",
	"ETIMEDOUT",
	"EHOSTUNREACH",
	"ENETUNREACH",
	"ENOTFOUND",
	"EAI_AGAIN",
	"EPIPE",
	"CONNECT_TIMEOUT",
	"CONNECTION_CLOSED",
	"CONNECTION_ENDED",
	"CONNECTION_DESTROYED",
]);

// SQLSTATE: class 08 connection exception; 53 insufficient resources; 57P01-03 shutting
// down / cannot connect now; 57014 statement timeout (the database is too slow to serve).
function unavailableSqlState(code: string): boolean {
	return /^(08|53)/.test(code) || ["57P01", "57P02", "57P03", "57014"].includes(code);
}

function unavailableCause(error: unknown): CodedError | undefined {
	let current = error as CodedError | undefined;
	for (let depth = 0; current && typeof current === "object" && depth < 6; depth++) {
		const code = typeof current.code === "string" ? current.code : undefined;
		if (code && (CONNECTION_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && unavailableSqlState(code)))) return current;
		if (Array.isArray((current as { errors?: unknown[] }).errors)) {
			// AggregateError from a dual-stack connect (::1 and 127.0.0.1 both refused).
			const inner = (current as { errors: unknown[] }).errors.map(unavailableCause).find(Boolean);
			if (inner) return inner;
		}
		current = current.cause as CodedError | undefined;
	}
	return undefined;
}

function redacted(url: string | undefined): string {
	if (!url) return "(embedded PGlite)";
	try {
		const parsed = new URL(url);
		return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
	} catch {
		return "DATABASE_URL";
	}
}
