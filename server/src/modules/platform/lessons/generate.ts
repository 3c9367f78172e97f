import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { principal } from "../../../http/authenticate.js";
import { notImplemented } from "../../../http/errors.js";
import { requirePermission } from "../roles/permissions.js";
import { loadLesson } from "./access.js";
import { IdParams } from "./schema.js";

/**
 * `POST /lessons/{id}/generate`: builds the lesson's 3D environment. The lesson generator
 * (src/modules/content) is not wired yet, so after the access checks this answers 501
 * NOT_IMPLEMENTED; swapping in the generator is an edit of this file only.
 */
export const lessonGenerateRoute: FastifyPluginAsyncTypebox = async (app) => {
	app.post(
		"/:id/generate",
		{
			preHandler: requirePermission("lessons.manage"),
			schema: { tags: ["lessons"], summary: "Generate the lesson's 3D environment (501 until the generator is wired)", security: [{ bearerAuth: [] }], params: IdParams },
		},
		async (request) => {
			await loadLesson(app.core.database.db, principal(request), request.params.id, "write");
			throw notImplemented("Lesson generation is not available yet");
		},
	);
};
