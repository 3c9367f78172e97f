import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import { AppError, badRequest, unauthorized } from "../../../http/errors.js";
import { verifyRobloxSignature } from "./robloxSignature.js";
import { defineDataStoreErasureJob, eraseForNotification } from "./webhookService.js";

const RobloxId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const Notification = Type.Object(
	{
		NotificationId: Type.String({ minLength: 1, maxLength: 100, pattern: "^[A-Za-z0-9_.:-]+$", description: "Roblox's id of the notification; a redelivery carries the same one" }),
		EventType: Type.String({ minLength: 1, maxLength: 100, description: "RightToErasureRequest acts; SampleNotification (the dashboard's test) and unknown types are acknowledged and ignored" }),
		EventTime: Type.Optional(Type.String({ maxLength: 64 })),
		EventPayload: Type.Optional(
			Type.Object(
				{
					UserId: Type.Optional({ ...RobloxId, description: "The Roblox user to erase (required for RightToErasureRequest)" }),
					GameIds: Type.Optional(Type.Array(RobloxId, { maxItems: 1000, description: "Universe ids of the games the user played" })),
				},
				{ additionalProperties: true },
			),
		),
	},
	{ additionalProperties: true },
);
const Answer = Type.Object({
	status: Type.Union([Type.Literal("erased"), Type.Literal("duplicate"), Type.Literal("sample"), Type.Literal("ignored")], {
		description: "duplicate: this NotificationId was handled before, nothing was done again",
	}),
	schools: Type.Integer({ description: "Schools whose classroom data was erased" }),
	dataStores: Type.Union([Type.Literal("queued"), Type.Literal("none"), Type.Literal("not_configured")], {
		description: "queued: a background job deletes the profile entries in the listed universes that have place keys; none: no such universe (or nothing to do)",
	}),
});

/**
 * POST /v2/roblox/webhooks/roblox-erasure: Roblox's Right to Erasure webhook (Creator Dashboard,
 * secret in ROBLOX_WEBHOOK_SECRET). Its own plugin so that its content-type parser, which keeps
 * the raw body for the signature, applies to this route only. The signature is checked in the
 * parser, before the body is parsed, validated or read by anything else.
 */
export const erasureWebhookRoutes: FastifyPluginAsyncTypebox = async (app) => {
	const { config, clock, jobs } = app.core;
	const db = () => app.core.database.db;
	const secret = config.ROBLOX_WEBHOOK_SECRET;
	defineDataStoreErasureJob(app.core.database.db, config, jobs, app.log);

	// Not configured: 404 in the area's envelope, before the body is read. The endpoint is then
	// not offered at all (like a server without the feature), and it is no server fault, so no 5xx.
	app.addHook("onRequest", async () => {
		if (!secret) throw new AppError(404, "NOT_FOUND", "The Roblox erasure webhook is not enabled on this server");
	});
	const verified = new WeakSet<FastifyRequest>();
	const parseJson = app.getDefaultJsonParser("error", "error");
	app.removeContentTypeParser("application/json");
	app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
		const raw = body as string;
		const refused = verifyRobloxSignature(secret ?? "", request.headers["roblox-signature"], raw, Math.floor(clock() / 1000));
		if (refused) return done(unauthorized(`Invalid webhook signature: ${refused}`), undefined);
		verified.add(request);
		parseJson(request, raw, done);
	});
	// A request with no JSON body never reached the parser: unsigned.
	app.addHook("preValidation", async (request) => {
		if (!verified.has(request)) throw unauthorized("Invalid webhook signature: missing roblox-signature header");
	});

	app.post(
		"/webhooks/roblox-erasure",
		{
			schema: {
				tags: ["classroom"],
				summary: "Roblox Right to Erasure webhook (signed by Roblox)",
				description:
					"Configure it in the Creator Dashboard (Webhooks) with the secret set in ROBLOX_WEBHOOK_SECRET. The `roblox-signature` header (`t=<unix s>,v1=<base64 HMAC-SHA256(secret, \"<t>.<raw body>\")>`) " +
					"is verified over the raw body; missing, wrong, older than 600 s or more than 60 s ahead: 401 and nothing is done. " +
					"`RightToErasureRequest` erases the user's session rosters, quiz answers, progress reports and achievements in every school with a place key in one of `GameIds`, " +
					"and (with ROBLOX_OPEN_CLOUD_API_KEY, in a background job) the DataStore entry `player_<UserId>` of ClassroomProfiles_v1/global in those universes. " +
					"Once per NotificationId: a redelivery answers `duplicate`. `SampleNotification` and unknown event types answer 200 and do nothing. 404 when ROBLOX_WEBHOOK_SECRET is not set.",
				body: Notification,
				response: { 200: Answer },
			},
		},
		async (request) => {
			const { NotificationId, EventType, EventPayload } = request.body;
			if (EventType === "SampleNotification") return { status: "sample" as const, schools: 0, dataStores: "none" as const };
			if (EventType !== "RightToErasureRequest") {
				// Acknowledged so Roblox does not retry it forever; logged so a new event type is noticed.
				request.log.warn({ eventType: EventType.slice(0, 100), notificationId: NotificationId }, "Ignored Roblox webhook of unknown EventType");
				return { status: "ignored" as const, schools: 0, dataStores: "none" as const };
			}
			if (EventPayload?.UserId === undefined) throw badRequest("RightToErasureRequest without EventPayload.UserId", { field: "EventPayload.UserId", issue: "required" });
			const universes = (EventPayload.GameIds ?? []).map(String);
			return eraseForNotification(db(), config, jobs, request, { notificationId: NotificationId, robloxUserId: String(EventPayload.UserId), universes }, new Date(clock()));
		},
	);
};
