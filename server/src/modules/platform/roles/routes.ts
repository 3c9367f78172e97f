import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { ROLES } from "../../../db/tables.js";
import { Envelope, ok } from "../../../http/envelope.js";
import { RoleSchema } from "../users/schema.js";
import { PERMISSIONS, PERMISSION_NAMES, ROLE_DESCRIPTIONS, ROLE_PERMISSIONS, requirePermission } from "./permissions.js";

const RoleInfo = Type.Object({ name: RoleSchema, description: Type.String(), permissions: Type.Array(Type.String()) });
const PermissionInfo = Type.Object({ name: Type.String(), description: Type.String(), roles: Type.Array(RoleSchema) });

/** GET /v2/roles and GET /v2/permissions: the permission map of roles/permissions.ts, read-only. */
export const roleRoutes: FastifyPluginAsyncTypebox = async (app) => {
	app.get(
		"/roles",
		{
			preHandler: requirePermission("roles.read"),
			schema: { tags: ["roles"], summary: "The four roles and the permissions each holds", security: [{ bearerAuth: [] }], response: { 200: Envelope(Type.Array(RoleInfo)) } },
		},
		async (request) =>
			ok(
				request,
				ROLES.map((name) => ({ name, description: ROLE_DESCRIPTIONS[name], permissions: [...ROLE_PERMISSIONS[name]] })),
			),
	);

	app.get(
		"/permissions",
		{
			preHandler: requirePermission("roles.read"),
			schema: { tags: ["roles"], summary: "Every permission and the roles that hold it", security: [{ bearerAuth: [] }], response: { 200: Envelope(Type.Array(PermissionInfo)) } },
		},
		async (request) =>
			ok(
				request,
				PERMISSION_NAMES.map((name) => ({ name, description: PERMISSIONS[name], roles: ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(name)) })),
			),
	);
};
