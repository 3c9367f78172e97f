import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { eq } from "drizzle-orm";
import { classes, schools, users } from "../../../db/tables.js";
import { audit } from "../../../http/audit.js";
import { Envelope, ok } from "../../../http/envelope.js";
import { AppError, badRequest, conflict, forbidden } from "../../../http/errors.js";
import { hashPassword } from "../../../security/passwords.js";
import { normalizeJoinCode } from "../classes/joinCode.js";
import { ClassService } from "../classes/service.js";
import { isUniqueViolation } from "../system/dbErrors.js";
import { readSettings } from "../system/settings.js";
import { presentUser } from "../users/present.js";
import { DisplayNameInput, EmailInput, PasswordInput, RoleSchema, UserSchema, UsernameInput } from "../users/schema.js";
import { UserService } from "../users/service.js";

const RegisterBody = Type.Object(
	{
		role: RoleSchema,
		display_name: DisplayNameInput,
		password: PasswordInput,
		/** Teachers and parents. Refused for students (no email is collected from children). */
		email: Type.Optional(EmailInput),
		/** Students (required); teachers and parents default to their email. */
		username: Type.Optional(UsernameInput),
		/** Students: the join code of the class they enter; it gives them its school. */
		join_code: Type.Optional(Type.String({ minLength: 4, maxLength: 16 })),
	},
	{
		additionalProperties: false,
		description: "Teachers and parents: email + password + display_name. Students: username + password + display_name + join_code, no email. Admins cannot self-register.",
	},
);

const Registered = Type.Object({
	access_token: Type.String(),
	refresh_token: Type.String(),
	token_type: Type.Literal("Bearer"),
	expires_in: Type.Integer(),
	user: UserSchema,
});

/** POST /v2/auth/register: self-registration, signed in at once (tokens as login returns them). */
export const registrationRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const { db } = app.core.database;
	const userService = new UserService(db, app.core.tokens, app.core.authEpochs);
	const classService = new ClassService(db);

	app.post(
		"/register",
		{
			schema: { tags: ["auth"], summary: "Self-registration for teachers, parents and students", body: RegisterBody, response: { 201: Envelope(Registered) } },
			config: { rateLimit: { max: 10, timeWindow: "1 minute" } },
		},
		async (request, reply) => {
			const body = request.body;
			if (body.role === "admin") throw forbidden("Admin accounts cannot self-register");
			const settings = await readSettings(db);
			if (!settings.registration_open) throw forbidden("Registration is closed");
			const student = body.role === "student";
			if (student) {
				if (body.email !== undefined) throw badRequest("Students register without an email", { field: "email", issue: "not allowed for students" });
				if (!body.username) throw badRequest("body.username is required for students", { field: "username", issue: "required" });
				if (!body.join_code) throw badRequest("body.join_code is required for students", { field: "join_code", issue: "required" });
				if (!settings.student_self_join) throw forbidden("Student self-registration is turned off; ask your teacher");
			} else {
				if (!body.email) throw badRequest("body.email is required", { field: "email", issue: "required" });
				if (body.join_code !== undefined) throw badRequest("Only students register with a join code", { field: "join_code", issue: "students only" });
			}

			const [klass] = student ? await db.select().from(classes).where(eq(classes.joinCode, normalizeJoinCode(body.join_code!))) : [];
			if (student && !klass) throw badRequest("body.join_code does not match a class", { field: "join_code", issue: "unknown join code" });
			const email = body.email?.toLowerCase() ?? null;
			const username = body.username ?? email!;
			await userService.assertUnique(db, { email, username, robloxUserId: null });
			const passwordHash = await hashPassword(body.password);

			let row: typeof users.$inferSelect;
			try {
				row = await db.transaction(async (tx) => {
					const [school] = klass ? await tx.select({ tier: schools.tier }).from(schools).where(eq(schools.id, klass.schoolId)) : [];
					const [created] = await tx
						.insert(users)
						.values({ email, username, displayName: body.display_name.trim(), passwordHash, role: body.role, schoolId: klass?.schoolId ?? null, tier: school?.tier ?? "standard" })
						.returning();
					const actor = { kind: "user" as const, id: created.id };
					await audit(tx, request, { action: "auth.register", targetType: "user", targetId: created.id, schoolId: created.schoolId, actor, details: { role: created.role } });
					if (klass) await classService.addEnrollment(request, klass, created, "class.join", tx);
					return created;
				});
			} catch (error) {
				if (!(error instanceof AppError) && isUniqueViolation(error)) throw conflict("That email or username is already taken");
				throw error;
			}
			const pair = await app.core.tokens.issue({ id: row.id, role: row.role, schoolId: row.schoolId, tier: row.tier });
			return reply.code(201).send(ok(request, { ...pair, user: presentUser(row) }, "Registration successful"));
		},
	);
};
