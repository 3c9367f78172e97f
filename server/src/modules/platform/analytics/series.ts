import { and, gte, isNotNull, lt, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../../db/client.js";
import { badRequest } from "../../../http/errors.js";
import { lessons, quizAttempts } from "../lessons/tables.js";
import { messages } from "../messages/tables.js";
import { lessonProgress } from "../progress/tables.js";
import { round2 } from "./overview.js";
import type { SeriesMetric } from "./schema.js";

const DAY_MS = 24 * 3600 * 1000;
const MAX_BUCKETS = 366;

export interface SeriesRequest {
	metric: SeriesMetric;
	interval: "day" | "week";
	from?: string;
	to?: string;
	schoolId: string | null;
	now: number;
}

export interface Series {
	metric: SeriesMetric;
	interval: "day" | "week";
	from: string;
	to: string;
	points: { start: string; value: number | null }[];
}

/**
 * A metric as a time series over UTC buckets: days, or ISO weeks starting Monday. `from` is
 * rounded down to its bucket start, `to` is exclusive. Empty buckets are 0 for counts and null
 * for averages.
 */
export async function computeSeries(db: Db, request: SeriesRequest): Promise<Series> {
	const size = request.interval === "day" ? DAY_MS : 7 * DAY_MS;
	const to = request.to ? Date.parse(request.to) : request.now;
	const rawFrom = request.from ? Date.parse(request.from) : to - (request.interval === "day" ? 30 : 12 * 7) * DAY_MS;
	if (rawFrom >= to) throw badRequest("from must be before to", { field: "from", issue: "not before to" });
	const start = bucketStart(rawFrom, request.interval);
	const buckets = Math.ceil((to - start) / size);
	if (buckets > MAX_BUCKETS) throw badRequest(`the range spans more than ${MAX_BUCKETS} buckets`, { field: "from", issue: "range too long" });

	const values = await bucketValues(db, request.metric, { start, end: to, size, schoolId: request.schoolId });
	const average = request.metric === "average_score";
	const points = Array.from({ length: buckets }, (_, i) => ({
		start: new Date(start + i * size).toISOString(),
		value: values.get(i) ?? (average ? null : 0),
	}));
	return { metric: request.metric, interval: request.interval, from: new Date(start).toISOString(), to: new Date(to).toISOString(), points };
}

function bucketStart(ms: number, interval: "day" | "week"): number {
	const day = Math.floor(ms / DAY_MS) * DAY_MS;
	if (interval === "day") return day;
	const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday = 0
	return day - weekday * DAY_MS;
}

interface Range {
	start: number;
	end: number;
	size: number;
	schoolId: string | null;
}

async function bucketValues(db: Db, metric: SeriesMetric, range: Range): Promise<Map<number, number>> {
	switch (metric) {
		case "quiz_attempts":
			return grouped(db, quizAttempts, quizAttempts.createdAt, quizAttempts.schoolId, range, sql`count(*)`);
		case "average_score":
			return grouped(db, quizAttempts, quizAttempts.createdAt, quizAttempts.schoolId, range, sql`avg(${quizAttempts.percentage})`);
		case "lessons_created":
			return grouped(db, lessons, lessons.createdAt, lessons.schoolId, range, sql`count(*)`);
		case "lessons_completed":
			return grouped(db, lessonProgress, lessonProgress.completedAt, lessonProgress.schoolId, range, sql`count(*)`, isNotNull(lessonProgress.completedAt));
		case "messages_sent":
			return grouped(db, messages, messages.createdAt, messages.schoolId, range, sql`count(*)`);
		case "active_users":
			return activeUsers(db, range);
	}
}

const bucketOf = (column: PgColumn, range: Range) =>
	// The bounds are integers computed here, not client text, so they are inlined as literals
	// (a bound parameter would be typed int4 by some drivers and overflow).
	sql<number>`floor((extract(epoch from ${column}) * 1000 - ${sql.raw(String(Math.trunc(range.start)))}) / ${sql.raw(String(range.size))})::int`.mapWith(Number);

function inRange(column: PgColumn, schoolColumn: PgColumn, range: Range): SQL | undefined {
	return and(gte(column, new Date(range.start)), lt(column, new Date(range.end)), range.schoolId ? sql`${schoolColumn} = ${range.schoolId}` : undefined);
}

async function grouped(db: Db, table: PgTable, column: PgColumn, schoolColumn: PgColumn, range: Range, value: SQL, extra?: SQL): Promise<Map<number, number>> {
	const bucket = bucketOf(column, range);
	const rows = await db
		.select({ bucket, value: sql<number | null>`${value}`.mapWith((v) => (v === null ? null : Number(v))) })
		.from(table)
		.where(and(inRange(column, schoolColumn, range), extra))
		.groupBy(sql`1`);
	return new Map(rows.filter((r) => r.value !== null).map((r) => [r.bucket, round2(r.value as number)]));
}

/** Distinct users who attempted a quiz or recorded progress in each bucket. */
async function activeUsers(db: Db, range: Range): Promise<Map<number, number>> {
	const [attempts, progress] = await Promise.all([
		db.selectDistinct({ bucket: bucketOf(quizAttempts.createdAt, range), user: quizAttempts.userId }).from(quizAttempts).where(inRange(quizAttempts.createdAt, quizAttempts.schoolId, range)),
		db.selectDistinct({ bucket: bucketOf(lessonProgress.updatedAt, range), user: lessonProgress.userId }).from(lessonProgress).where(inRange(lessonProgress.updatedAt, lessonProgress.schoolId, range)),
	]);
	const sets = new Map<number, Set<string>>();
	for (const { bucket, user } of [...attempts, ...progress]) {
		if (!sets.has(bucket)) sets.set(bucket, new Set());
		sets.get(bucket)!.add(user);
	}
	return new Map([...sets].map(([bucket, users]) => [bucket, users.size]));
}
