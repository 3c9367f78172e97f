import { and, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../../../db/client.js";
import { AppError, badRequest } from "../../../http/errors.js";
import { createValidatorCompiler } from "../../../http/validation.js";
import { lessons, quizAttempts, quizzes } from "../lessons/tables.js";
import { lessonProgress } from "../progress/tables.js";
import { round2 } from "./overview.js";
import { ReportDefinitionSchema, type ReportDefinition, type ReportGroup, type ReportMetric } from "./schema.js";

export interface ReportRow {
	group: string | null;
	values: Record<string, number | null>;
}

const ATTEMPT_METRICS: ReportMetric[] = ["quiz_attempts", "average_score"];
const PROGRESS_METRICS: ReportMetric[] = ["lessons_completed", "average_progress", "time_spent"];
const AVERAGES: ReportMetric[] = ["average_score", "average_progress"];

/** Checks what the schema cannot: a time window that runs forwards. */
export function validateDefinition(definition: ReportDefinition): void {
	const { from, to } = definition.filters ?? {};
	if (from && to && Date.parse(from) >= Date.parse(to)) {
		throw badRequest("definition.filters.from must be before definition.filters.to", { field: "definition.filters.from", issue: "not before to" });
	}
}

/**
 * A definition saved before today's rules (e.g. a leap-second `from`, which JavaScript cannot
 * turn into a Date) would fail every run: it is checked against the schema a new one must pass,
 * and refused with 422 REPORT_INVALID naming the field, so the owner can see why and delete it.
 */
export function checkStoredDefinition(id: string, definition: unknown): asserts definition is ReportDefinition {
	if (isValidDefinition(definition)) return;
	const issue = isValidDefinition.errors?.[0];
	const field = `definition${(issue?.instancePath ?? "").replace(/\//g, ".")}`;
	throw new AppError(422, "REPORT_INVALID", `This saved report can no longer run: ${field} ${issue?.message ?? "is invalid"}. Delete it (DELETE /v2/analytics/reports/${id}) and save it again`, {
		field,
		issue: issue?.message ?? "is invalid",
	});
}

const isValidDefinition = createValidatorCompiler()({ schema: ReportDefinitionSchema, method: "POST", url: "", httpPart: "body" }) as ((data: unknown) => boolean) & {
	errors?: { instancePath: string; message?: string }[] | null;
};

/**
 * Runs a report inside one school (or platform-wide for null). Quiz measures come from
 * attempts (time filter: attempt time), progress measures from lesson progress (time filter:
 * last update); both are joined to the lesson for subject, grade and class filters and groups.
 * Rows are sorted by group; counts missing from a group are 0, averages null.
 */
export async function runReport(db: Db, schoolId: string | null, definition: ReportDefinition): Promise<ReportRow[]> {
	const group = definition.group_by ?? "none";
	const wanted = new Set(definition.metrics);
	const rows = new Map<string, Record<string, number | null>>();
	const put = (key: string | null, metric: ReportMetric, value: number | null) => {
		const k = key ?? "\u0000";
		if (!rows.has(k)) rows.set(k, {});
		rows.get(k)![metric] = value;
	};

	if (ATTEMPT_METRICS.some((m) => wanted.has(m))) {
		const key = groupKey(group, quizAttempts.userId);
		const result = await db
			.select({ key, attempts: sql<number>`count(*)`.mapWith(Number), average: sql<number | null>`avg(${quizAttempts.percentage})` })
			.from(quizAttempts)
			.innerJoin(quizzes, eq(quizzes.id, quizAttempts.quizId))
			.innerJoin(lessons, eq(lessons.id, quizzes.lessonId))
			.where(filters(definition, schoolId, quizAttempts.schoolId, quizAttempts.createdAt))
			.groupBy(sql`1`);
		for (const r of result) {
			if (wanted.has("quiz_attempts")) put(r.key, "quiz_attempts", r.attempts);
			if (wanted.has("average_score")) put(r.key, "average_score", r.average === null ? null : round2(Number(r.average)));
		}
	}

	if (PROGRESS_METRICS.some((m) => wanted.has(m))) {
		const key = groupKey(group, lessonProgress.userId);
		const result = await db
			.select({
				key,
				completed: sql<number>`count(${lessonProgress.completedAt})`.mapWith(Number),
				average: sql<number | null>`avg(${lessonProgress.progress})`,
				time: sql<number>`coalesce(sum(${lessonProgress.timeSpent}), 0)`.mapWith(Number),
			})
			.from(lessonProgress)
			.innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
			.where(filters(definition, schoolId, lessonProgress.schoolId, lessonProgress.updatedAt))
			.groupBy(sql`1`);
		for (const r of result) {
			if (wanted.has("lessons_completed")) put(r.key, "lessons_completed", r.completed);
			if (wanted.has("average_progress")) put(r.key, "average_progress", r.average === null ? null : round2(Number(r.average)));
			if (wanted.has("time_spent")) put(r.key, "time_spent", r.time);
		}
	}

	if (group === "none" && rows.size === 0) rows.set("\u0000", {});
	return [...rows.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([k, values]) => ({
			group: k === "\u0000" ? null : k,
			values: Object.fromEntries(definition.metrics.map((m) => [m, values[m] ?? (AVERAGES.includes(m) ? null : 0)])),
		}));
}

function groupKey(group: ReportGroup, userColumn: PgColumn): SQL<string | null> {
	switch (group) {
		case "none":
			return sql<null>`null`;
		case "lesson":
			return sql<string>`${lessons.id}::text`;
		case "class":
			return sql<string | null>`${lessons.classId}::text`;
		case "subject":
			return sql<string>`${lessons.subject}`;
		case "student":
			return sql<string>`${userColumn}::text`;
	}
}

function filters(definition: ReportDefinition, schoolId: string | null, schoolColumn: PgColumn, timeColumn: PgColumn): SQL | undefined {
	const f = definition.filters ?? {};
	return and(
		schoolId ? eq(schoolColumn, schoolId) : undefined,
		f.class_id ? eq(lessons.classId, f.class_id) : undefined,
		f.lesson_id ? eq(lessons.id, f.lesson_id) : undefined,
		f.subject ? eq(lessons.subject, f.subject) : undefined,
		f.grade_level ? eq(lessons.gradeLevel, f.grade_level) : undefined,
		f.from ? gte(timeColumn, new Date(f.from)) : undefined,
		f.to ? lt(timeColumn, new Date(f.to)) : undefined,
	);
}
