import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { principal, requireUser } from "../../../http/authenticate.js";
import { RATE } from "../rateLimits.js";
import { ErrorResponse, security } from "../schema.js";
import { APPROVER_ROLES, type DeviceAuthorizationService } from "./service.js";

const UserCode = Type.String({ minLength: 1, maxLength: 20, description: "The code the plugin shows, like BCDF-GHJK (case and dashes do not matter)" });

const DeviceRequest = Type.Object({
	user_code: Type.String(),
	client_id: Type.String(),
	client_name: Type.String({ description: "Who is asking to sign in as you" }),
	client_description: Type.String(),
	status: Type.Union([Type.Literal("pending"), Type.Literal("approved"), Type.Literal("denied"), Type.Literal("redeemed")]),
	created_at: Type.String({ format: "date-time" }),
	expires_at: Type.String({ format: "date-time" }),
});

const tags = ["roblox-auth"];
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/**
 * /auth/device: the teacher app's side of the device flow. A signed-in teacher (or admin) looks
 * up the code the plugin shows, sees which client asks, and approves (the plugin's tokens will
 * be this teacher's) or denies. Errors in the v1 envelope.
 */
export const deviceApprovalRoutes = (devices: DeviceAuthorizationService): FastifyPluginAsyncTypebox =>
	async (app) => {
		const guard = requireUser(...APPROVER_ROLES);

		app.get(
			"",
			{
				preHandler: guard,
				config: RATE.authentication,
				schema: {
					tags,
					summary: "Look up a device sign-in request by its user code",
					description: "404 NOT_FOUND for an unknown or expired code; 400 INVALID_REQUEST when the text cannot be a user code. Teachers and admins only (403).",
					security,
					querystring: Type.Object({ user_code: UserCode }),
					response: { 200: DeviceRequest, ...errors },
				},
			},
			(request) => devices.describe(request.query.user_code),
		);

		for (const decision of ["approve", "deny"] as const) {
			app.post(
				`/${decision}`,
				{
					preHandler: guard,
					config: RATE.authentication,
					schema: {
						tags,
						summary: decision === "approve" ? "Approve a device sign-in: the device gets tokens for you" : "Deny a device sign-in: the device's next poll gets access_denied",
						description: `${decision === "approve" ? "The approval is bound to you and to your account as it is now: if your account is disabled, demoted or changes password before the device collects its tokens, it gets access_denied. " : ""}409 CONFLICT when the code was already approved or denied; 404 when unknown or expired.`,
						security,
						body: Type.Object({ user_code: UserCode }, { additionalProperties: false }),
						response: { 200: DeviceRequest, ...errors },
					},
				},
				(request) => devices.decide(request, principal(request), request.body.user_code, decision),
			);
		}
	};
