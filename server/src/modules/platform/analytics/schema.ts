import { Type, type Static } from "@sinclair/typebox";

/** Time series the metrics endpoint computes from the tables. */
export const SERIES_METRICS = ["quiz_attempts", "average_score", "lessons_created", "lessons_completed", "messages_sent", "active_users"] as const;
export type SeriesMetric = (typeof SERIES_METRICS)[number];

/** Measures a custom report may ask for, and how it may group them. */
export const REPORT_METRICS = ["quiz_attempts", "average_score", "lessons_completed", "average_progress", "time_spent"] as const;
export type ReportMetric = (typeof REPORT_METRICS)[number];
export const REPORT_GROUPS = ["none", "lesson", "class", "subject", "student"] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

const literals = <T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));
const Uuid = Type.String({ format: "uuid" });

export const ReportFilters = Type.Object(
	{
		class_id: Type.Optional(Uuid),
		lesson_id: Type.Optional(Uuid),
		subject: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
		grade_level: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
		from: Type.Optional(Type.String({ format: "date-time" })),
		to: Type.Optional(Type.String({ format: "date-time" })),
	},
	{ additionalProperties: false },
);

export const ReportDefinitionSchema = Type.Object(
	{
		metrics: Type.Array(literals(REPORT_METRICS), { minItems: 1, maxItems: REPORT_METRICS.length, uniqueItems: true }),
		filters: Type.Optional(ReportFilters),
		group_by: Type.Optional(literals(REPORT_GROUPS)),
	},
	{ additionalProperties: false },
);
export type ReportDefinition = Static<typeof ReportDefinitionSchema>;

export const CreateReportBody = Type.Object(
	{
		name: Type.String({ minLength: 1, maxLength: 200 }),
		definition: ReportDefinitionSchema,
	},
	{ additionalProperties: false },
);

export const ReportSchema = Type.Object({
	id: Uuid,
	name: Type.String(),
	school_id: Type.Union([Type.String(), Type.Null()]),
	definition: ReportDefinitionSchema,
	created_by: Type.Union([Type.String(), Type.Null()]),
	created_at: Type.String({ format: "date-time" }),
});

export const ReportRowSchema = Type.Object({
	group: Type.Union([Type.String(), Type.Null()]),
	values: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()])),
});

export const ReportResultSchema = Type.Intersect([ReportSchema, Type.Object({ rows: Type.Array(ReportRowSchema), generated_at: Type.String({ format: "date-time" }) })]);

export const OverviewQuery = Type.Object({ school_id: Type.Optional(Uuid) });
export const OverviewSchema = Type.Object({
	school_id: Type.Union([Type.String(), Type.Null()]),
	students: Type.Integer(),
	teachers: Type.Integer(),
	classes: Type.Integer(),
	lessons: Type.Integer(),
	published_lessons: Type.Integer(),
	quiz_attempts: Type.Integer(),
	average_score: Type.Union([Type.Number(), Type.Null()]),
	active_users_7d: Type.Integer(),
});

export const MetricsQuery = Type.Object({
	metric: literals(SERIES_METRICS),
	from: Type.Optional(Type.String({ format: "date-time" })),
	to: Type.Optional(Type.String({ format: "date-time" })),
	interval: Type.Optional(literals(["day", "week"] as const)),
	school_id: Type.Optional(Uuid),
});

export const MetricsSchema = Type.Object({
	metric: Type.String(),
	interval: Type.String(),
	from: Type.String({ format: "date-time" }),
	to: Type.String({ format: "date-time" }),
	points: Type.Array(Type.Object({ start: Type.String({ format: "date-time" }), value: Type.Union([Type.Number(), Type.Null()]) })),
});
