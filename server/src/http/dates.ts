/**
 * Date-times a client may send. RFC 3339 admits leap seconds (`23:59:60`) and years 0000-9999;
 * JavaScript cannot represent the first and PostgreSQL has no year 0, so either used to reach a
 * query as an Invalid Date or an out-of-range timestamp (a 500). Accepted: `YYYY-MM-DDTHH:MM:SS`
 * with optional fraction and a `Z` or `±HH:MM` offset, a real calendar day, seconds 00-59,
 * years MIN_YEAR to MAX_YEAR.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isStrictDateTime(text: string): boolean {
	const m = DATE_TIME.exec(text);
	if (!m) return false;
	const [, year, month, day, hour, minute, second, , offsetHour, offsetMinute] = m;
	if (!isDay(+year, +month, +day) || +hour > 23 || +minute > 59 || +second > 59) return false;
	if (offsetHour !== undefined && (+offsetHour > 23 || +offsetMinute > 59)) return false;
	// The offset may carry the instant across a year boundary: judge the UTC year too.
	const utcYear = new Date(Date.parse(text)).getUTCFullYear();
	return utcYear >= MIN_YEAR && utcYear <= MAX_YEAR;
}

export function isStrictDate(text: string): boolean {
	const m = DATE.exec(text);
	return m !== null && isDay(+m[1], +m[2], +m[3]);
}

function isDay(year: number, month: number, day: number): boolean {
	if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return false;
	return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
