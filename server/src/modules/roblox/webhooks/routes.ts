import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { principal, requireUser } from "../../../http/authenticate.js";
import { RATE } from "../rateLimits.js";
import { ErrorResponse, security } from "../schema.js";
import { WEBHOOK_EVENTS } from "../tables.js";
import type { WebhookService } from "./service.js";

const Webhook = Type.Object({ id: Type.String(), url: Type.String(), events: Type.Array(Type.String()), active: Type.Boolean(), created_at: Type.String() });
const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
const tags = ["roblox-webhooks"];

/** /webhooks: outgoing event notifications, signed with the webhook's secret. */
export const webhookRoutes = (webhooks: WebhookService): FastifyPluginAsyncTypebox =>
	async (app) => {
		app.post(
			"/",
			{
				preHandler: requireUser(),
				config: RATE.dataOperations,
				schema: {
					tags,
					summary: "Configure a webhook",
					description:
						"Deliveries POST `{id, event, data, timestamp}` with headers X-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>, X-Timestamp (unix seconds, same instant as body.timestamp), X-Webhook-Event, X-Webhook-Id. Non-2xx or no answer within 10 s is retried with exponential backoff; redirects are not followed. The secret is stored sealed and never returned. The URL must reach a public address: loopback, private (RFC 1918), link-local (cloud metadata), CGNAT, multicast, IPv6 ULA and IPv4-mapped forms are refused with 400 URL_NOT_ALLOWED (details.reason: scheme, credentials, forbidden_address or unresolvable), and the address is checked again when each delivery connects. The delivery log records only the receiver's HTTP status (`Receiver answered <status>`), `Receiver unreachable` or `Destination not allowed`.",
					security,
					body: Type.Object(
						{
							url: Type.String({ pattern: "^https?://", maxLength: 2000 }),
							events: Type.Array(Type.Union(WEBHOOK_EVENTS.map((e) => Type.Literal(e))), { minItems: 1, maxItems: WEBHOOK_EVENTS.length }),
							secret: Type.String({ minLength: 16, maxLength: 256 }),
						},
						{ additionalProperties: false },
					),
					response: { 201: Webhook, 400: ErrorResponse },
				},
			},
			async (request, reply) => reply.code(201).send(await webhooks.create(request, principal(request), request.body)),
		);

		app.get(
			"/",
			{ preHandler: requireUser(), config: RATE.dataOperations, schema: { tags, summary: "Your webhooks", security, response: { 200: Type.Object({ webhooks: Type.Array(Webhook), total: Type.Integer() }) } } },
			(request) => webhooks.list(principal(request)),
		);

		app.delete(
			"/:id",
			{ preHandler: requireUser(), config: RATE.dataOperations, schema: { tags, summary: "Delete a webhook", security, params: IdParams, response: { 200: Type.Object({ deleted: Type.Boolean() }), 404: ErrorResponse } } },
			(request) => webhooks.remove(request, principal(request), request.params.id),
		);

		app.get(
			"/:id/deliveries",
			{
				preHandler: requireUser(),
				config: RATE.analytics,
				schema: {
					tags,
					summary: "Delivery log of a webhook (newest first)",
					security,
					params: IdParams,
					querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }) }),
					response: {
						200: Type.Object({
							deliveries: Type.Array(
								Type.Object({
									id: Type.String(),
									event: Type.String(),
									status: Type.String(),
									attempts: Type.Integer(),
									response_status: Type.Union([Type.Integer(), Type.Null()]),
									last_error: Type.Union([Type.String(), Type.Null()]),
									created_at: Type.String(),
									delivered_at: Type.Union([Type.String(), Type.Null()]),
								}),
							),
							total: Type.Integer(),
						}),
						404: ErrorResponse,
					},
				},
			},
			(request) => webhooks.deliveries(principal(request), request.params.id, request.query.limit),
		);
	};
