import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { principal, requireUser } from "../../../http/authenticate.js";
import { RATE } from "../rateLimits.js";
import { ErrorResponse, security } from "../schema.js";
import type { RojoService } from "./service.js";

const Nullable = <T extends import("@sinclair/typebox").TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const CheckResponse = Type.Object({
	installed: Type.Boolean(),
	version: Nullable(Type.String()),
	path: Nullable(Type.String()),
	default_port: Type.Integer(),
	error: Type.Optional(Type.String()),
});

const Project = Type.Object({
	project_id: Type.String(),
	name: Type.String(),
	path: Type.String(),
	port: Nullable(Type.Integer()),
	status: Type.Union([Type.Literal("starting"), Type.Literal("running"), Type.Literal("stopped"), Type.Literal("failed")]),
	created_at: Type.String(),
	user_id: Type.String(),
	files_count: Type.Integer(),
	session_id: Nullable(Type.String()),
	content_id: Nullable(Type.String()),
	error: Nullable(Type.String()),
});

const ProjectParams = Type.Object({ project_id: Type.String({ pattern: "^proj_[0-9a-f]{24}$" }) });
const tags = ["roblox-rojo"];

/** /rojo: installation check, generated projects, and `rojo serve` per project. */
export const rojoRoutes = (rojo: RojoService): FastifyPluginAsyncTypebox =>
	async (app) => {
		app.get(
			"/check",
			{
				preHandler: requireUser(),
				config: RATE.analytics,
				schema: { tags, summary: "Is Rojo installed (ROJO_BIN or PATH), and which version", description: "Never fails because Rojo is missing: answers installed:false.", security, response: { 200: CheckResponse } },
			},
			() => rojo.check(),
		);

		app.get(
			"/projects",
			{
				preHandler: requireUser(),
				config: RATE.dataOperations,
				schema: { tags, summary: "Generated Rojo projects (yours; an admin sees all)", security, response: { 200: Type.Object({ projects: Type.Array(Project), total: Type.Integer() }) } },
			},
			(request) => rojo.list(principal(request)),
		);

		app.get(
			"/projects/:project_id",
			{ preHandler: requireUser(), config: RATE.dataOperations, schema: { tags, summary: "One project and its serve status", security, params: ProjectParams, response: { 200: Project, 404: ErrorResponse } } },
			(request) => rojo.get(principal(request), request.params.project_id),
		);

		app.post(
			"/projects/:project_id/start",
			{
				preHandler: requireUser(),
				config: RATE.dataOperations,
				schema: {
					tags,
					summary: "Start `rojo serve` for a project on the first free port from ROJO_BASE_PORT (34872) up",
					description: "Answers once the port accepts connections (status running). 503 ROJO_NOT_INSTALLED, 502 ROJO_SERVE_FAILED, 410 PROJECT_FILES_MISSING. Sends the rojo.connected webhook.",
					security,
					params: ProjectParams,
					response: { 200: Project, 404: ErrorResponse, 410: ErrorResponse, 502: ErrorResponse, 503: ErrorResponse },
				},
			},
			(request) => rojo.start(principal(request), request.params.project_id),
		);

		app.post(
			"/projects/:project_id/stop",
			{ preHandler: requireUser(), config: RATE.dataOperations, schema: { tags, summary: "Stop the project's `rojo serve`", security, params: ProjectParams, response: { 200: Project, 404: ErrorResponse } } },
			(request) => rojo.stop(principal(request), request.params.project_id),
		);
	};
