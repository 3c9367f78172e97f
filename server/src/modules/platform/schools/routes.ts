import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { principal } from "../../../http/authenticate.js";
import { Envelope, Page, ok } from "../../../http/envelope.js";
import { requirePermission } from "../roles/permissions.js";
import { CreateSchoolBody, IdParams, SchoolListQuery, SchoolSchema, UpdateSchoolBody } from "./schema.js";
import { SchoolService } from "./service.js";

const security = [{ bearerAuth: [] }];

/** /v2/schools: admin CRUD; a teacher reads their own school. */
export const schoolRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const schools = new SchoolService(app.core.database.db);

	app.get(
		"/",
		{
			preHandler: requirePermission("schools.read"),
			schema: { tags: ["schools"], summary: "List schools (teachers: their own)", security, querystring: SchoolListQuery, response: { 200: Envelope(Page(SchoolSchema)) } },
		},
		async (request) => ok(request, await schools.list(principal(request), request.query)),
	);

	app.post(
		"/",
		{
			preHandler: requirePermission("schools.manage"),
			schema: { tags: ["schools"], summary: "Create a school", security, body: CreateSchoolBody, response: { 201: Envelope(SchoolSchema) } },
		},
		async (request, reply) => reply.code(201).send(ok(request, await schools.create(request, request.body), "School created")),
	);

	app.get(
		"/:id",
		{
			preHandler: requirePermission("schools.read"),
			schema: { tags: ["schools"], summary: "Get a school", security, params: IdParams, response: { 200: Envelope(SchoolSchema) } },
		},
		async (request) => ok(request, await schools.get(principal(request), request.params.id)),
	);

	app.patch(
		"/:id",
		{
			preHandler: requirePermission("schools.manage"),
			schema: { tags: ["schools"], summary: "Update a school's name or tier (the tier applies to its users)", security, params: IdParams, body: UpdateSchoolBody, response: { 200: Envelope(SchoolSchema) } },
		},
		async (request) => ok(request, await schools.update(request, request.params.id, request.body), "School updated"),
	);

	app.delete(
		"/:id",
		{
			preHandler: requirePermission("schools.manage"),
			schema: { tags: ["schools"], summary: "Delete a school and its classes", security, params: IdParams, response: { 200: Envelope(Type.Object({ deleted: Type.Boolean() })) } },
		},
		async (request) => {
			await schools.remove(request, request.params.id);
			return ok(request, { deleted: true }, "School deleted");
		},
	);
};
