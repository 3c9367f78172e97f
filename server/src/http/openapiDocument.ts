import { areaOf, type AreaPrefix, type ErrorArea } from "./errorAreas.js";

/**
 * Turns what @fastify/swagger generates from the route schemas into a valid OpenAPI 3.0.3
 * document a client generator can rely on: every area's error envelope as a named component
 * and on every operation's error responses, WebSocket routes described as their upgrade, and
 * the JSON Schema features 3.0 lacks (tuple `items`, `const`) rewritten into 3.0 terms.
 */
export function finishDocument(document: OpenApiDocument, areas: readonly AreaPrefix[]): OpenApiDocument {
	const schemas = (document.components.schemas ??= {});
	for (const { errors } of areas) schemas[errors.name] = toOpenApi30(plain(errors.schema));
	for (const [name, schema] of Object.entries(schemas)) schemas[name] = toOpenApi30(schema);

	for (const [path, item] of Object.entries(document.paths)) {
		const area = areaOf(path, areas);
		for (const [method, operation] of Object.entries(item)) {
			if (!HTTP_METHODS.has(method)) continue;
			if (operation["x-websocket"]) describeUpgrade(operation);
			documentErrors(operation, area);
			for (const parameter of operation.parameters ?? []) if (parameter.schema) parameter.schema = toOpenApi30(parameter.schema);
			for (const media of Object.values(operation.requestBody?.content ?? {})) if (media.schema) media.schema = toOpenApi30(media.schema);
			for (const response of Object.values(operation.responses)) {
				for (const media of Object.values(response.content ?? {})) if (media.schema) media.schema = toOpenApi30(media.schema);
			}
		}
	}
	return document;
}

/** Marks a route for `finishDocument` as a WebSocket endpoint (@fastify/websocket hides them). */
export function websocketOperation<S extends object>(schema: S): S {
	return { ...schema, hide: false, "x-websocket": true };
}

export interface OpenApiDocument {
	paths: Record<string, Record<string, Operation>>;
	components: { schemas?: Record<string, Schema> } & Record<string, unknown>;
	[key: string]: unknown;
}

type Schema = Record<string, unknown>;
interface Operation {
	parameters?: { in: string; name: string; schema?: Schema }[];
	requestBody?: { content?: Record<string, { schema?: Schema }> };
	responses: Record<string, { description: string; content?: Record<string, { schema?: Schema }> }>;
	description?: string;
	"x-websocket"?: boolean;
	[key: string]: unknown;
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** What any route may answer besides its own statuses: the input layer, auth, limits, a fault. */
const COMMON_ERRORS: Record<string, string> = {
	"400": "Invalid request: a field fails its schema or holds a control character (`details.field` names it)",
	"401": "Missing or invalid credentials",
	"403": "The caller may not do this",
	"404": "No such resource or route",
	"414": "A path parameter is longer than 100 characters",
	"429": "Rate limit exceeded (`Retry-After` gives the seconds to wait)",
	"500": "Unexpected server fault",
	"503": "A dependency (database, upstream) is unavailable; retry later",
};
const BODY_ERRORS: Record<string, string> = {
	"413": "Request body is too large",
	"415": "Content-Type must be application/json",
};

function documentErrors(operation: Operation, area: ErrorArea): void {
	const content = { "application/json": { schema: { $ref: `#/components/schemas/${area.name}` } } };
	const wanted = { ...COMMON_ERRORS, ...(operation.requestBody ? BODY_ERRORS : {}) };
	for (const [status, response] of Object.entries(operation.responses)) {
		if (Number(status) >= 400) operation.responses[status] = { description: response.description === "Default Response" ? (wanted[status] ?? "Error") : response.description, content };
	}
	for (const [status, description] of Object.entries(wanted)) operation.responses[status] ??= { description, content };
}

function describeUpgrade(operation: Operation): void {
	operation.description = [
		operation.description,
		"WebSocket endpoint: open it with an HTTP/1.1 `GET` carrying `Upgrade: websocket`; frames are JSON text messages.",
	]
		.filter(Boolean)
		.join("\n\n");
	operation.responses = { "101": { description: "Switching Protocols: the connection is now a WebSocket" } };
}

/** Rewrites a JSON Schema (draft 7, from TypeBox) into an OpenAPI 3.0 Schema Object. */
function toOpenApi30(schema: Schema): Schema {
	const out: Schema = {};
	for (const [key, value] of Object.entries(schema)) {
		if (key === "$id" || key === "additionalItems" || key === "$schema") continue;
		if (key === "const") out.enum = [value];
		else if (key === "items" && Array.isArray(value)) Object.assign(out, tupleItems(value as Schema[], schema));
		else if (key === "properties" || key === "patternProperties" || key === "definitions") out[key] = mapValues(value as Record<string, Schema>, toOpenApi30);
		else if (SUBSCHEMA_KEYS.has(key) && isSchema(value)) out[key] = toOpenApi30(value);
		else if (SUBSCHEMA_LISTS.has(key) && Array.isArray(value)) out[key] = (value as Schema[]).map(toOpenApi30);
		else out[key] = value;
	}
	return out;
}

const SUBSCHEMA_KEYS = new Set(["items", "additionalProperties", "not"]);
const SUBSCHEMA_LISTS = new Set(["anyOf", "oneOf", "allOf"]);

/** 3.0 has no tuples: an array of N items, each matching one of the positions' schemas. */
function tupleItems(positions: Schema[], schema: Schema): Schema {
	const distinct = [...new Map(positions.map((p) => [JSON.stringify(p), toOpenApi30(p)])).values()];
	return {
		items: distinct.length === 1 ? distinct[0] : { anyOf: distinct },
		minItems: (schema.minItems as number | undefined) ?? positions.length,
		maxItems: (schema.maxItems as number | undefined) ?? positions.length,
		description: (schema.description as string | undefined) ?? `A tuple of ${positions.length} items`,
	};
}

function isSchema(value: unknown): value is Schema {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mapValues(record: Record<string, Schema>, f: (schema: Schema) => Schema): Record<string, Schema> {
	return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, isSchema(v) ? f(v) : v]));
}

/** TypeBox schemas carry symbol keys; JSON round-tripping leaves the plain JSON Schema. */
function plain(schema: unknown): Schema {
	return JSON.parse(JSON.stringify(schema)) as Schema;
}
