import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { users } from "../../../db/tables.js";
import { statement } from "../../../db/rows.js";
import { principal, requireUser } from "../../../http/authenticate.js";
import { Envelope, Page, ok } from "../../../http/envelope.js";
import { notFound } from "../../../http/errors.js";
import { requirePermission } from "../roles/permissions.js";
import { CreateUserBody, GuardianBody, GuardianParams, GuardianshipSchema, UpdateMeBody, UpdateUserBody, UserAnalyticsSchema, UserListQuery, UserParams, UserSchema, type UserDto } from "./schema.js";
import { UserAnalytics } from "./analytics.js";
import { GuardianService } from "./guardians.js";
import { UserService } from "./service.js";

const security = [{ bearerAuth: [] }];
const Deleted = Envelope(Type.Object({ deleted: Type.Boolean() }));

/** /v2/users: the caller's profile, admin CRUD, per-user analytics and guardianships. */
export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const { db } = app.core.database;
	const service = new UserService(db, app.core.tokens, app.core.authEpochs);
	const guardians = new GuardianService(db);
	const analytics = new UserAnalytics(db);

	app.get(
		"/me",
		{
			preHandler: requireUser(),
			schema: { tags: ["users"], summary: "Current user profile", security, response: { 200: Envelope(UserSchema) } },
		},
		async (request) => {
			const [row] = await readProfile(db, [principal(request).id]);
			if (!row) throw notFound("User");
			return ok(request, presentProfile(row));
		},
	);

	app.patch(
		"/me",
		{
			preHandler: requireUser(),
			schema: {
				tags: ["users"],
				summary: "Update your profile: display name; email (not students) and password need current_password",
				security,
				body: UpdateMeBody,
				response: { 200: Envelope(UserSchema) },
			},
		},
		async (request) => ok(request, await service.updateMe(request, principal(request), request.body), "Profile updated"),
	);

	app.get(
		"/me/children",
		{
			preHandler: requireUser(),
			schema: { tags: ["users"], summary: "Students linked to the calling parent", security, response: { 200: Envelope(Type.Array(UserSchema)) } },
		},
		async (request) => ok(request, await guardians.childrenOf(principal(request), principal(request).id)),
	);

	app.get(
		"/",
		{
			preHandler: requirePermission("users.read"),
			schema: { tags: ["users"], summary: "List users (teachers: their own school)", security, querystring: UserListQuery, response: { 200: Envelope(Page(UserSchema)) } },
		},
		async (request) => ok(request, await service.list(principal(request), request.query)),
	);

	app.post(
		"/",
		{
			preHandler: requirePermission("users.manage"),
			schema: { tags: ["users"], summary: "Create a user (students: username, no email)", security, body: CreateUserBody, response: { 201: Envelope(UserSchema) } },
		},
		async (request, reply) => reply.code(201).send(ok(request, await service.create(request, request.body), "User created")),
	);

	app.get(
		"/:id",
		{
			preHandler: requireUser(),
			schema: { tags: ["users"], summary: "Get a user (self; admins; teachers: own school; parents: linked students)", security, params: UserParams, response: { 200: Envelope(UserSchema) } },
		},
		async (request) => ok(request, await service.get(principal(request), request.params.id)),
	);

	app.patch(
		"/:id",
		{
			preHandler: requirePermission("users.manage"),
			schema: { tags: ["users"], summary: "Update a user; status=disabled signs them out everywhere", security, params: UserParams, body: UpdateUserBody, response: { 200: Envelope(UserSchema) } },
		},
		async (request) => ok(request, await service.update(request, principal(request), request.params.id, request.body), "User updated"),
	);

	app.delete(
		"/:id",
		{
			preHandler: requirePermission("users.manage"),
			schema: { tags: ["users"], summary: "Delete a user", security, params: UserParams, response: { 200: Deleted } },
		},
		async (request) => {
			await service.remove(request, principal(request), request.params.id);
			return ok(request, { deleted: true }, "User deleted");
		},
	);

	app.get(
		"/:id/analytics",
		{
			preHandler: requireUser(),
			schema: { tags: ["users"], summary: "Per-user analytics: logins, activity, classes, students, progress", security, params: UserParams, response: { 200: Envelope(UserAnalyticsSchema) } },
		},
		async (request) => ok(request, await analytics.forUser(principal(request), request.params.id)),
	);

	app.get(
		"/:id/guardians",
		{
			preHandler: requireUser(),
			schema: { tags: ["users"], summary: "Parents linked to a student", security, params: UserParams, response: { 200: Envelope(Type.Array(UserSchema)) } },
		},
		async (request) => ok(request, await guardians.parentsOf(principal(request), request.params.id)),
	);

	app.post(
		"/:id/guardians",
		{
			preHandler: requirePermission("guardians.manage"),
			schema: { tags: ["users"], summary: "Link a parent to a student", security, params: UserParams, body: GuardianBody, response: { 201: Envelope(GuardianshipSchema) } },
		},
		async (request, reply) => reply.code(201).send(ok(request, await guardians.link(request, principal(request), request.params.id, request.body.parent_id), "Guardian linked")),
	);

	app.delete(
		"/:id/guardians/:parent_id",
		{
			preHandler: requirePermission("guardians.manage"),
			schema: { tags: ["users"], summary: "Unlink a parent from a student", security, params: GuardianParams, response: { 200: Deleted } },
		},
		async (request) => {
			await guardians.unlink(request, principal(request), request.params.id, request.params.parent_id);
			return ok(request, { deleted: true }, "Guardian unlinked");
		},
	);
};

/** The profile's columns, named as the API names them (UserSchema); only created_at needs converting. */
type ProfileRow = Omit<UserDto, "created_at"> & { created_at: string };

/**
 * GET /v2/users/me, the most frequent read of the API: one fixed statement reading only what the
 * profile shows (never the password hash), rather than drizzle building and mapping every column.
 */
const readProfile = statement<ProfileRow>("select id, email, username, display_name, role, school_id, tier, roblox_user_id, status, created_at from users where id = $1");

function presentProfile(row: ProfileRow): UserDto {
	return { ...row, created_at: (users.createdAt.mapFromDriverValue(row.created_at) as Date).toISOString() };
}
