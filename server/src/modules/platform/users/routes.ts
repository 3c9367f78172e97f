import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { eq } from "drizzle-orm";
import { users } from "../../../db/tables.js";
import { principal, requireUser } from "../../../http/authenticate.js";
import { Envelope, ok } from "../../../http/envelope.js";
import { notFound } from "../../../http/errors.js";
import { presentUser } from "./present.js";
import { UserSchema } from "./schema.js";

export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
	app.get(
		"/me",
		{
			preHandler: requireUser(),
			schema: { tags: ["users"], summary: "Current user profile", security: [{ bearerAuth: [] }], response: { 200: Envelope(UserSchema) } },
		},
		async (request) => {
			const [row] = await app.core.database.db.select().from(users).where(eq(users.id, principal(request).id));
			if (!row) throw notFound("User");
			return ok(request, presentUser(row));
		},
	);
};
