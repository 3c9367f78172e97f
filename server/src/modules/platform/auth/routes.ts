import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { eq, sql } from "drizzle-orm";
import { users } from "../../../db/tables.js";
import { audit } from "../../../http/audit.js";
import { Envelope, ok } from "../../../http/envelope.js";
import { badRequest, unauthorized } from "../../../http/errors.js";
import { randomToken } from "../../../security/crypto.js";
import { hashPassword, verifyPassword } from "../../../security/passwords.js";
import { presentUser } from "../users/present.js";
import { UserSchema } from "../users/schema.js";
import { failureCountersOf } from "../../../security/keyGuessGuard.js";
import { accountOf, LoginBackoff } from "./loginBackoff.js";
import { registrationRoutes } from "./register.js";

const TokenPairSchema = Type.Object({
	access_token: Type.String(),
	refresh_token: Type.String(),
	token_type: Type.Literal("Bearer"),
	expires_in: Type.Integer(),
});

const LoginBody = Type.Object(
	{
		email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
		username: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
		password: Type.String({ minLength: 1, maxLength: 256 }),
	},
	{ additionalProperties: false, description: "Sign in with email (staff, parents) or username (students)." },
);

// A real hash of a random password, so unknown accounts cost as much time as wrong passwords.
let dummyHash: Promise<string> | undefined;
const timingDecoy = () => (dummyHash ??= hashPassword(randomToken()));

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const { db } = app.core.database;
	await app.register(registrationRoutes);
	const { config, clock } = app.core;
	const backoff = new LoginBackoff(failureCountersOf(app.core), config.LOGIN_FREE_FAILURES, config.LOGIN_BACKOFF_MAX_SECONDS * 1000, clock);

	app.post(
		"/login",
		{
			schema: {
				tags: ["auth"],
				summary: "User authentication",
				description:
					"Per account: after LOGIN_FREE_FAILURES wrong passwords (default 5, from any addresses, within 15 minutes) each further failure makes the account wait 1 s, 2 s, 4 s ... at most LOGIN_BACKOFF_MAX_SECONDS (default 30); while it waits, sign-ins answer 429 RATE_LIMITED with Retry-After. Per address: 20 attempts a minute.",
				body: LoginBody,
				response: { 200: Envelope(Type.Intersect([TokenPairSchema, Type.Object({ user: UserSchema })])) },
			},
			config: { rateLimit: { max: 20, timeWindow: "1 minute" } },
		},
		async (request) => {
			const { email, username, password } = request.body;
			if (!email && !username) throw badRequest("body.email or body.username is required", { field: "email", issue: "required" });
			const account = accountOf(request.body);
			await backoff.check(account);
			const [row] = await db
				.select()
				.from(users)
				.where(email ? eq(sql`lower(${users.email})`, email.toLowerCase()) : eq(sql`lower(${users.username})`, username!.toLowerCase()));
			const valid = await verifyPassword(row?.passwordHash ?? (await timingDecoy()), password);
			if (!row || !valid || row.status !== "active") {
				await backoff.failed(account);
				throw unauthorized("Invalid credentials");
			}
			await backoff.succeeded(account);
			const pair = await app.core.tokens.issue({ id: row.id, role: row.role, schoolId: row.schoolId, tier: row.tier, epoch: row.authEpoch });
			await audit(db, request, { action: "auth.login", targetType: "user", targetId: row.id, actor: { kind: "user", id: row.id }, schoolId: row.schoolId });
			return ok(request, { ...pair, user: presentUser(row) }, "Login successful");
		},
	);

	app.post(
		"/refresh",
		{
			schema: {
				tags: ["auth"],
				summary: "Exchange a refresh token for a new token pair (the old refresh token stops working)",
				body: Type.Object({ refresh_token: Type.String({ minLength: 1, maxLength: 512 }) }, { additionalProperties: false }),
				response: { 200: Envelope(TokenPairSchema) },
			},
		},
		async (request) => ok(request, await app.core.tokens.rotate(request.body.refresh_token)),
	);

	app.post(
		"/logout",
		{
			schema: {
				tags: ["auth"],
				summary: "Revoke a refresh token and every token rotated from it",
				body: Type.Object({ refresh_token: Type.String({ minLength: 1, maxLength: 512 }) }, { additionalProperties: false }),
				response: { 200: Envelope(Type.Object({ revoked: Type.Boolean() })) },
			},
		},
		async (request) => {
			await app.core.tokens.revoke(request.body.refresh_token);
			return ok(request, { revoked: true }, "Logged out");
		},
	);
};
