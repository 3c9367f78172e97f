import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { principal } from "../../../http/authenticate.js";
import { Envelope, Page, ok } from "../../../http/envelope.js";
import { requirePermission } from "../roles/permissions.js";
import { UserSchema } from "../users/schema.js";
import { ClassListQuery, ClassParams, ClassSchema, CreateClassBody, EnrollBody, EnrollmentParams, JoinBody, UpdateClassBody } from "./schema.js";
import { ClassService } from "./service.js";

const security = [{ bearerAuth: [] }];
const Enrollment = Type.Object({ class_id: Type.String({ format: "uuid" }), user_id: Type.String({ format: "uuid" }), enrolled_at: Type.String({ format: "date-time" }) });
const EnrolledStudent = Type.Object({ ...UserSchema.properties, enrolled_at: Type.String({ format: "date-time" }) });

/** /v2/classes: classes, their join codes and enrollments. */
export const classRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const service = new ClassService(app.core.database.db);

	app.get(
		"/",
		{
			preHandler: requirePermission("classes.read"),
			schema: { tags: ["classes"], summary: "List classes (teachers: their school's; students: their own)", security, querystring: ClassListQuery, response: { 200: Envelope(Page(ClassSchema)) } },
		},
		async (request) => ok(request, await service.list(principal(request), request.query)),
	);

	app.post(
		"/",
		{
			preHandler: requirePermission("classes.manage"),
			schema: { tags: ["classes"], summary: "Create a class (a join code is generated)", security, body: CreateClassBody, response: { 201: Envelope(ClassSchema) } },
		},
		async (request, reply) => reply.code(201).send(ok(request, await service.create(request, principal(request), request.body), "Class created")),
	);

	app.post(
		"/join",
		{
			preHandler: requirePermission("classes.join"),
			schema: { tags: ["classes"], summary: "A signed-in student joins a class by its join code", security, body: JoinBody, response: { 201: Envelope(Enrollment) } },
			config: { rateLimit: { max: 20, timeWindow: "1 minute" } },
		},
		async (request, reply) => reply.code(201).send(ok(request, await service.join(request, principal(request), request.body.join_code), "Joined class")),
	);

	app.get(
		"/:id",
		{
			preHandler: requirePermission("classes.read"),
			schema: { tags: ["classes"], summary: "Get a class", security, params: ClassParams, response: { 200: Envelope(ClassSchema) } },
		},
		async (request) => ok(request, await service.get(principal(request), request.params.id)),
	);

	app.patch(
		"/:id",
		{
			preHandler: requirePermission("classes.manage"),
			schema: { tags: ["classes"], summary: "Update a class", security, params: ClassParams, body: UpdateClassBody, response: { 200: Envelope(ClassSchema) } },
		},
		async (request) => ok(request, await service.update(request, principal(request), request.params.id, request.body), "Class updated"),
	);

	app.delete(
		"/:id",
		{
			preHandler: requirePermission("classes.manage"),
			schema: { tags: ["classes"], summary: "Delete a class and its enrollments", security, params: ClassParams, response: { 200: Envelope(Type.Object({ deleted: Type.Boolean() })) } },
		},
		async (request) => {
			await service.remove(request, principal(request), request.params.id);
			return ok(request, { deleted: true }, "Class deleted");
		},
	);

	app.post(
		"/:id/join-code",
		{
			preHandler: requirePermission("classes.manage"),
			schema: { tags: ["classes"], summary: "Regenerate the class join code (the old one stops working)", security, params: ClassParams, response: { 200: Envelope(ClassSchema) } },
		},
		async (request) => ok(request, await service.regenerateJoinCode(request, principal(request), request.params.id), "Join code regenerated"),
	);

	app.get(
		"/:id/students",
		{
			preHandler: requirePermission("classes.manage"),
			schema: { tags: ["classes"], summary: "Students enrolled in a class", security, params: ClassParams, response: { 200: Envelope(Type.Array(EnrolledStudent)) } },
		},
		async (request) => ok(request, await service.students(principal(request), request.params.id)),
	);

	app.post(
		"/:id/enrollments",
		{
			preHandler: requirePermission("enrollments.manage"),
			schema: { tags: ["classes"], summary: "Enroll a student in a class", security, params: ClassParams, body: EnrollBody, response: { 201: Envelope(Enrollment) } },
		},
		async (request, reply) => reply.code(201).send(ok(request, await service.enroll(request, principal(request), request.params.id, request.body.user_id), "Student enrolled")),
	);

	app.delete(
		"/:id/enrollments/:user_id",
		{
			preHandler: requirePermission("enrollments.manage"),
			schema: { tags: ["classes"], summary: "Remove a student from a class", security, params: EnrollmentParams, response: { 200: Envelope(Type.Object({ deleted: Type.Boolean() })) } },
		},
		async (request) => {
			await service.unenroll(request, principal(request), request.params.id, request.params.user_id);
			return ok(request, { deleted: true }, "Student removed");
		},
	);
};
