import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { desc, eq } from "drizzle-orm";
import { audit } from "../../../http/audit.js";
import { principal } from "../../../http/authenticate.js";
import { Envelope, ok } from "../../../http/envelope.js";
import { forbidden, notFound } from "../../../http/errors.js";
import type { Principal } from "../../../http/tokens.js";
import { requirePermission } from "../roles/permissions.js";
import { computeOverview } from "./overview.js";
import { checkStoredDefinition, runReport, validateDefinition } from "./reports.js";
import { CreateReportBody, MetricsQuery, MetricsSchema, OverviewQuery, OverviewSchema, ReportResultSchema, ReportSchema } from "./schema.js";
import { computeSeries } from "./series.js";
import { analyticsReports } from "./tables.js";

const security = [{ bearerAuth: [] }];
const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
type ReportRow = typeof analyticsReports.$inferSelect;

/** Analytics computed from the tables, scoped to the caller's school (admins: any or all). */
export const analyticsRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const { db } = app.core.database;
	const guard = requirePermission("analytics.read");

	app.get(
		"/overview",
		{ preValidation: guard, schema: { tags: ["analytics"], summary: "School counts: students, classes, lessons, quiz attempts, average score, active users (7 days)", security, querystring: OverviewQuery, response: { 200: Envelope(OverviewSchema) } } },
		async (request) => ok(request, await computeOverview(db, scopeSchool(principal(request), request.query.school_id), app.core.clock())),
	);

	app.get(
		"/metrics",
		{ preValidation: guard, schema: { tags: ["analytics"], summary: "A metric as a daily or weekly time series", security, querystring: MetricsQuery, response: { 200: Envelope(MetricsSchema) } } },
		async (request) => {
			const { metric, from, to, interval = "day", school_id } = request.query;
			return ok(request, await computeSeries(db, { metric, interval, from, to, schoolId: scopeSchool(principal(request), school_id), now: app.core.clock() }));
		},
	);

	app.post(
		"/reports",
		{ preValidation: guard, schema: { tags: ["analytics"], summary: "Save a custom report (metrics + filters + grouping)", security, body: CreateReportBody, response: { 201: Envelope(ReportSchema) } } },
		async (request, reply) => {
			const me = principal(request);
			validateDefinition(request.body.definition);
			const row = await db.transaction(async (tx) => {
				const [row] = await tx
					.insert(analyticsReports)
					.values({ schoolId: me.schoolId, createdBy: me.id, name: request.body.name, definition: request.body.definition, createdAt: new Date(app.core.clock()) })
					.returning();
				await audit(tx, request, { action: "analytics_report.create", targetType: "analytics_report", targetId: row.id });
				return row;
			});
			return reply.code(201).send(ok(request, presentReport(row), "Report saved"));
		},
	);

	app.get(
		"/reports",
		{ preValidation: guard, schema: { tags: ["analytics"], summary: "Saved reports of my school", security, response: { 200: Envelope(Type.Array(ReportSchema)) } } },
		async (request) => {
			const me = principal(request);
			const where = me.role === "admin" && me.schoolId === null ? undefined : eq(analyticsReports.schoolId, me.schoolId ?? "00000000-0000-0000-0000-000000000000");
			const rows = await db.select().from(analyticsReports).where(where).orderBy(desc(analyticsReports.createdAt), desc(analyticsReports.id));
			return ok(request, rows.map(presentReport));
		},
	);

	app.get(
		"/reports/:id",
		{ preValidation: guard, schema: { tags: ["analytics"], summary: "Run a saved report", security, params: IdParams, response: { 200: Envelope(ReportResultSchema) } } },
		async (request) => {
			const me = principal(request);
			const [row] = await db.select().from(analyticsReports).where(eq(analyticsReports.id, request.params.id));
			if (!row || (me.role !== "admin" && row.schoolId !== me.schoolId)) throw notFound("Report");
			checkStoredDefinition(row.id, row.definition);
			const rows = await runReport(db, row.schoolId, row.definition);
			return ok(request, { ...presentReport(row), rows, generated_at: new Date(app.core.clock()).toISOString() });
		},
	);

	app.delete(
		"/reports/:id",
		{ preValidation: guard, schema: { tags: ["analytics"], summary: "Delete a saved report (its creator or an admin)", security, params: IdParams, response: { 200: Envelope(Type.Object({ deleted: Type.Boolean() })) } } },
		async (request) => {
			const me = principal(request);
			await db.transaction(async (tx) => {
				const [row] = await tx.select().from(analyticsReports).where(eq(analyticsReports.id, request.params.id));
				if (!row || (me.role !== "admin" && row.schoolId !== me.schoolId)) throw notFound("Report");
				if (me.role !== "admin" && row.createdBy !== me.id) throw forbidden("Only the report's creator or an admin may delete it");
				await tx.delete(analyticsReports).where(eq(analyticsReports.id, row.id));
				await audit(tx, request, { action: "analytics_report.delete", targetType: "analytics_report", targetId: row.id, schoolId: row.schoolId, details: { name: row.name } });
			});
			return ok(request, { deleted: true }, "Report deleted");
		},
	);
};

/** Teachers always see their own school; admins may name one, or see the platform. */
function scopeSchool(me: Principal, requested: string | undefined): string | null {
	if (me.role === "admin") return requested ?? me.schoolId;
	if (!me.schoolId) throw forbidden("You belong to no school");
	if (requested && requested !== me.schoolId) throw notFound("School");
	return me.schoolId;
}

function presentReport(row: ReportRow) {
	return {
		id: row.id,
		name: row.name,
		school_id: row.schoolId,
		definition: row.definition,
		created_by: row.createdBy,
		created_at: row.createdAt.toISOString(),
	};
}

