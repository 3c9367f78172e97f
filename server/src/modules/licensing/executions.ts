/**
 * The executions map: one `"MM/DD"` key per UTC day over the last EXECUTION_DAYS days, today
 * included, oldest first, days without executions as 0. Counts are stored per `YYYY-MM-DD` so
 * month and year boundaries need no special case (30 consecutive days never repeat an MM/DD).
 */
export const EXECUTION_DAYS = 30;
const DAY_MS = 86_400_000;

export const dayKey = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function executionWindow(now: number, days = EXECUTION_DAYS): { day: string; label: string }[] {
	const out: { day: string; label: string }[] = [];
	for (let i = days - 1; i >= 0; i--) {
		const day = dayKey(now - i * DAY_MS);
		out.push({ day, label: `${day.slice(5, 7)}/${day.slice(8, 10)}` });
	}
	return out;
}
