import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { principal, requireUser } from "../../../http/authenticate.js";
import { badRequest } from "../../../http/errors.js";
import { RATE } from "../rateLimits.js";
import { ErrorResponse, security } from "../schema.js";
import { contentMd5, type OpenCloudClient } from "./openCloudClient.js";
import { SafeId } from "../../../http/schemaTypes.js";

const Id = Type.String({ pattern: "^\\d{1,20}$" });
const Name = Type.String({ minLength: 1, maxLength: 50 });
const AnyObject = Type.Record(Type.String(), Type.Unknown());
const ASSET_TYPES = ["Model", "Decal", "Audio", "Image", "Mesh", "Video"] as const;
const FILE_TYPES: Record<string, string> = { Model: "model/x-rbxm", Decal: "image/png", Image: "image/png", Audio: "audio/mpeg", Mesh: "model/fbx", Video: "video/mp4" };
const MAX_ENTRY_BYTES = 4 * 1024 * 1024;
const tags = ["roblox-open-cloud"];
const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 429: ErrorResponse, 502: ErrorResponse, 503: ErrorResponse };
const auth = { preHandler: requireUser(), config: RATE.dataOperations };

/**
 * /cloud: Open Cloud proxies. Upstream paths (REFERENCE.md): assets /assets/v1/assets (multipart
 * `request` + `fileContent` -> operation; poll /assets/v1/operations/{id}); data stores
 * /datastores/v1/universes/{u}/standard-datastores/datastore/entries[/entry] (content-md5);
 * places /cloud/v2/universes/{u}/places/{p}.
 */
export const cloudRoutes = (cloud: OpenCloudClient): FastifyPluginAsyncTypebox =>
	async (app) => {
		app.post(
			"/assets",
			{
				...auth,
				schema: {
					tags,
					summary: "Upload an asset (answers the upstream operation; poll it)",
					description: "With an OAuth-linked account the creator is that Roblox user; with the API key, `creator` is required.",
					security,
					body: Type.Object(
						{
							name: Type.String({ minLength: 1, maxLength: 50 }),
							description: Type.Optional(Type.String({ maxLength: 1000 })),
							assetType: Type.Union(ASSET_TYPES.map((t) => Type.Literal(t))),
							file: Type.String({ minLength: 1, maxLength: 28_000_000, contentEncoding: "base64" }),
							content_type: Type.Optional(Type.String({ maxLength: 100 })),
							creator: Type.Optional(Type.Object({ userId: Type.Optional(Id), groupId: Type.Optional(Id) }, { additionalProperties: false })),
						},
						{ additionalProperties: false },
					),
					response: { 202: AnyObject, ...errors },
				},
			},
			async (request, reply) => {
				const body = request.body;
				const credential = await cloud.credential(principal(request).id);
				const creator = body.creator?.groupId ? { groupId: body.creator.groupId } : body.creator?.userId ? { userId: body.creator.userId } : credential.robloxUserId ? { userId: credential.robloxUserId } : undefined;
				if (!creator) throw badRequest("creator.userId or creator.groupId is required when uploading with the API key", { field: "creator" });
				const file = Buffer.from(body.file, "base64");
				if (file.length === 0) throw badRequest("file must be base64 data", { field: "file" });
				const form = new FormData();
				form.set("request", JSON.stringify({ assetType: body.assetType, displayName: body.name, description: body.description ?? "", creationContext: { creator } }));
				form.set("fileContent", new Blob([file], { type: body.content_type ?? FILE_TYPES[body.assetType] }), `${body.name}`);
				const result = await cloud.call(credential, "POST", "assets/v1/assets", { body: form });
				return reply.code(202).send(operation(result.body));
			},
		);

		app.get(
			"/assets/operations/:operation_id",
			{ ...auth, schema: { tags, summary: "Poll an asset operation", security, params: Type.Object({ operation_id: Type.String({ pattern: "^[A-Za-z0-9-]{1,100}$" }) }), response: { 200: AnyObject, ...errors } } },
			async (request) => {
				const credential = await cloud.credential(principal(request).id);
				return operation((await cloud.call(credential, "GET", `assets/v1/operations/${request.params.operation_id}`)).body);
			},
		);

		app.get(
			"/assets/:asset_id",
			{ ...auth, schema: { tags, summary: "Get an asset", security, params: Type.Object({ asset_id: Id }), response: { 200: AnyObject, ...errors } } },
			async (request) => {
				const credential = await cloud.credential(principal(request).id);
				return (await cloud.call(credential, "GET", `assets/v1/assets/${request.params.asset_id}`, { query: { readMask: "assetId,assetType,displayName,description,state,revisionId,revisionCreateTime,creationContext" } })).body as Record<string, unknown>;
			},
		);

		app.patch(
			"/assets/:asset_id",
			{
				...auth,
				schema: {
					tags,
					summary: "Update an asset's name or description",
					security,
					params: Type.Object({ asset_id: Id }),
					body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })), description: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false, minProperties: 1 }),
					response: { 200: AnyObject, ...errors },
				},
			},
			async (request) => {
				const credential = await cloud.credential(principal(request).id);
				const mask = [request.body.name !== undefined && "displayName", request.body.description !== undefined && "description"].filter(Boolean).join(",");
				const form = new FormData();
				form.set("request", JSON.stringify({ assetId: request.params.asset_id, displayName: request.body.name, description: request.body.description }));
				return operation((await cloud.call(credential, "PATCH", `assets/v1/assets/${request.params.asset_id}`, { query: { updateMask: mask }, body: form })).body);
			},
		);

		app.delete(
			"/assets/:asset_id",
			{
				...auth,
				schema: { tags, summary: "Delete an asset (Open Cloud archives it: POST …/assets/{id}:archive)", security, params: Type.Object({ asset_id: Id }), response: { 200: AnyObject, ...errors } },
			},
			async (request) => {
				const credential = await cloud.credential(principal(request).id);
				const result = await cloud.call(credential, "POST", `assets/v1/assets/${request.params.asset_id}:archive`);
				return { deleted: true, asset: result.body ?? null };
			},
		);

		const entryPath = (universe: string) => `datastores/v1/universes/${universe}/standard-datastores/datastore/entries`;
		const EntryParams = Type.Object({ universe_id: Id, datastore: Name, key: Name });
		const Scope = Type.Optional(Type.String({ minLength: 1, maxLength: 50 }));

		app.get(
			"/datastores/:universe_id/:datastore/entries/:key",
			{ ...auth, schema: { tags, summary: "Get a data store entry", security, params: EntryParams, querystring: Type.Object({ scope: Scope }), response: { 200: AnyObject, ...errors } } },
			async (request) => {
				const { universe_id, datastore, key } = request.params;
				const credential = await cloud.credential(principal(request).id);
				const result = await cloud.call(credential, "GET", `${entryPath(universe_id)}/entry`, { query: { datastoreName: datastore, entryKey: key, scope: request.query.scope } });
				return {
					data: result.body ?? null,
					version: result.headers.get("roblox-entry-version"),
					created: result.headers.get("roblox-entry-created-time"),
					updated: result.headers.get("roblox-entry-version-created-time"),
					attributes: parseHeader(result.headers.get("roblox-entry-attributes")),
					user_ids: parseHeader(result.headers.get("roblox-entry-userids")),
				};
			},
		);

		app.put(
			"/datastores/:universe_id/:datastore/entries/:key",
			{
				...auth,
				schema: {
					tags,
					summary: "Set a data store entry (content-md5 computed here; match_version or X-Roblox-Entry-Version for optimistic writes)",
					security,
					params: EntryParams,
					body: Type.Object(
						{
							data: Type.Unknown(),
							scope: Scope,
							match_version: Type.Optional(Type.String({ maxLength: 100 })),
							exclusive_create: Type.Optional(Type.Boolean()),
							user_ids: Type.Optional(Type.Array(SafeId(), { maxItems: 4 })),
							attributes: Type.Optional(AnyObject),
						},
						{ additionalProperties: false, required: ["data"] },
					),
					response: { 200: AnyObject, ...errors },
				},
			},
			async (request) => {
				const { universe_id, datastore, key } = request.params;
				const body = request.body;
				const raw = JSON.stringify(body.data);
				if (Buffer.byteLength(raw) > MAX_ENTRY_BYTES) throw badRequest("data is larger than the 4 MB entry limit", { field: "data" });
				const headerVersion = request.headers["x-roblox-entry-version"];
				const matchVersion = body.match_version ?? (typeof headerVersion === "string" ? headerVersion : undefined);
				const headers: Record<string, string> = { "content-type": "application/json", "content-md5": contentMd5(raw) };
				if (body.user_ids) headers["roblox-entry-userids"] = JSON.stringify(body.user_ids);
				if (body.attributes) headers["roblox-entry-attributes"] = JSON.stringify(body.attributes);
				const credential = await cloud.credential(principal(request).id);
				const result = await cloud.call(credential, "POST", `${entryPath(universe_id)}/entry`, {
					query: { datastoreName: datastore, entryKey: key, scope: body.scope, matchVersion, exclusiveCreate: body.exclusive_create === undefined ? undefined : String(body.exclusive_create) },
					headers,
					body: raw,
				});
				return result.body as Record<string, unknown>;
			},
		);

		app.get(
			"/datastores/:universe_id/:datastore/entries",
			{
				...auth,
				schema: {
					tags,
					summary: "List data store entry keys",
					security,
					params: Type.Object({ universe_id: Id, datastore: Name }),
					querystring: Type.Object({ scope: Scope, prefix: Type.Optional(Type.String({ maxLength: 50 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })), cursor: Type.Optional(Type.String({ maxLength: 500 })), all_scopes: Type.Optional(Type.Boolean()) }),
					response: { 200: AnyObject, ...errors },
				},
			},
			async (request) => {
				const q = request.query;
				const credential = await cloud.credential(principal(request).id);
				const result = await cloud.call(credential, "GET", entryPath(request.params.universe_id), {
					query: { datastoreName: request.params.datastore, scope: q.scope, prefix: q.prefix, limit: q.limit?.toString(), cursor: q.cursor, AllScopes: q.all_scopes?.toString() },
				});
				return result.body as Record<string, unknown>;
			},
		);

		const PlaceParams = Type.Object({ universe_id: Id, place_id: Id });

		app.get(
			"/places/:universe_id/:place_id",
			{ ...auth, schema: { tags, summary: "Get place details", security, params: PlaceParams, response: { 200: AnyObject, ...errors } } },
			async (request) => {
				const credential = await cloud.credential(principal(request).id);
				return (await cloud.call(credential, "GET", `cloud/v2/universes/${request.params.universe_id}/places/${request.params.place_id}`)).body as Record<string, unknown>;
			},
		);

		app.patch(
			"/places/:universe_id/:place_id",
			{
				...auth,
				schema: {
					tags,
					summary: "Update a place (name -> displayName, maxPlayers -> serverSize)",
					security,
					params: PlaceParams,
					body: Type.Object(
						{ name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })), description: Type.Optional(Type.String({ maxLength: 1000 })), maxPlayers: Type.Optional(Type.Integer({ minimum: 1, maximum: 700 })) },
						{ additionalProperties: false, minProperties: 1 },
					),
					response: { 200: AnyObject, ...errors },
				},
			},
			async (request) => {
				const b = request.body;
				const patch: Record<string, unknown> = {};
				if (b.name !== undefined) patch.displayName = b.name;
				if (b.description !== undefined) patch.description = b.description;
				if (b.maxPlayers !== undefined) patch.serverSize = b.maxPlayers;
				const credential = await cloud.credential(principal(request).id);
				const result = await cloud.call(credential, "PATCH", `cloud/v2/universes/${request.params.universe_id}/places/${request.params.place_id}`, {
					query: { updateMask: Object.keys(patch).join(",") },
					headers: { "content-type": "application/json" },
					body: JSON.stringify(patch),
				});
				return result.body as Record<string, unknown>;
			},
		);
	};

/** An asset operation as our clients see it. */
function operation(body: unknown): Record<string, unknown> {
	const op = (body ?? {}) as { path?: string; operationId?: string; done?: boolean; response?: Record<string, unknown> };
	const id = op.operationId ?? op.path?.split("/").pop() ?? null;
	return { operation_id: id, done: op.done === true, status: op.done ? "Complete" : "Processing", asset: op.response ?? null };
}

function parseHeader(value: string | null): unknown {
	if (!value) return null;
	try {
		return JSON.parse(value);
	} catch {
		return value;
	}
}
