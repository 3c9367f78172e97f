import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/**
 * /openapi.json is what the teacher app's typed client is generated from: it must be a valid
 * OpenAPI 3.0.3 document (checked by a real validator), with named shared schemas, every error
 * response in its area's envelope, and the WebSocket routes described.
 */

interface Schema {
	$ref?: string;
	type?: string;
	minimum?: number;
	maximum?: number;
	properties?: Record<string, Schema>;
	items?: Schema;
	additionalProperties?: Schema | boolean;
	anyOf?: Schema[];
	oneOf?: Schema[];
	allOf?: Schema[];
}
interface Operation {
	parameters?: { in: string; name: string; schema?: Schema }[];
	requestBody?: { content?: Record<string, { schema?: Schema }> };
	responses: Record<string, { description: string; content?: Record<string, { schema: { $ref?: string } }> }>;
	description?: string;
	"x-websocket"?: boolean;
}
interface Document {
	openapi: string;
	paths: Record<string, Record<string, Operation>>;
	components: { schemas: Record<string, object> };
}

let t: TestApp;
let doc: Document;
beforeAll(async () => {
	t = await startTestApp();
	doc = (await t.request({ method: "GET", url: "/openapi.json" })).json();
});
afterAll(() => t.close());

const AREAS: [prefix: string, schema: string][] = [
	["/v2/roblox/", "RobloxError"],
	["/api/v1/roblox/oauth/", "OAuthError"],
	["/api/v1/roblox/", "RobloxError"],
	["/licensing/", "LicensingError"],
	["/bot/", "BotError"],
	["/v2/", "PlatformError"],
];
const areaSchema = (path: string) => AREAS.find(([prefix]) => path.startsWith(prefix))?.[1];
const operations = () => Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));

describe("/openapi.json", () => {
	it("is a valid OpenAPI 3.0.3 document", async () => {
		expect(doc.openapi).toBe("3.0.3");
		const result = await new Validator().validate(structuredClone(doc) as never);
		expect(result.errors ?? []).toEqual([]);
		expect(result.valid).toBe(true);
	});

	it("names its shared schemas and uses no tuple items", () => {
		const text = JSON.stringify(doc);
		expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["User", "School", "Class", "PlatformError", "RobloxError", "LicensingError", "BotError"]));
		expect(Object.keys(doc.components.schemas).filter((name) => /^def-\d+$/.test(name))).toEqual([]);
		expect(text).not.toMatch(/#\/components\/schemas\/def-\d+/);
		expect(text).not.toContain('"additionalItems"');
		const tuples: string[] = [];
		walk(doc, "", (node, at) => {
			if (Array.isArray((node as { items?: unknown }).items)) tuples.push(at);
		});
		expect(tuples).toEqual([]);
	});

	it("documents every operation's errors with its area's envelope", () => {
		const ops = operations();
		expect(ops.length).toBeGreaterThan(150);
		for (const { path, method, op } of ops) {
			const schema = areaSchema(path);
			expect(schema, `${path} belongs to an area`).toBeDefined();
			const statuses = op["x-websocket"] ? ["400", "401", "429"] : ["400", "401", "403", "404", "414", "429", "500", "503"];
			if (op.requestBody) statuses.push("413", "415");
			for (const status of statuses) {
				expect(op.responses[status]?.content?.["application/json"]?.schema, `${method.toUpperCase()} ${path} ${status}`).toEqual({ $ref: `#/components/schemas/${schema}` });
			}
			for (const [status, response] of Object.entries(op.responses)) {
				if (Number(status) >= 400) expect(response.content?.["application/json"]?.schema, `${method.toUpperCase()} ${path} ${status}`).toEqual({ $ref: `#/components/schemas/${schema}` });
			}
		}
	});

	it("bounds every integer and number a client sends, below what its column or JavaScript can hold", () => {
		const unbounded: string[] = [];
		const visit = (schema: Schema | undefined, at: string, seen: string[]) => {
			if (!schema) return;
			if (schema.$ref) {
				const name = schema.$ref.split("/").pop()!;
				if (!seen.includes(name)) visit(doc.components.schemas[name] as Schema, at, [...seen, name]);
				return;
			}
			if (schema.type === "integer" || schema.type === "number") {
				const ok = typeof schema.minimum === "number" && typeof schema.maximum === "number" && Math.abs(schema.minimum) <= Number.MAX_SAFE_INTEGER && schema.maximum <= Number.MAX_SAFE_INTEGER;
				if (!ok) unbounded.push(`${at}: ${JSON.stringify(schema)}`);
			}
			for (const [name, inner] of Object.entries(schema.properties ?? {})) visit(inner, `${at}.${name}`, seen);
			if (schema.items) visit(schema.items, `${at}[]`, seen);
			if (typeof schema.additionalProperties === "object") visit(schema.additionalProperties, `${at}{}`, seen);
			for (const inner of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) visit(inner, at, seen);
		};
		for (const { path, method, op } of operations()) {
			const where = `${method.toUpperCase()} ${path}`;
			for (const parameter of op.parameters ?? []) visit(parameter.schema, `${where} ${parameter.in}:${parameter.name}`, []);
			for (const media of Object.values(op.requestBody?.content ?? {})) visit(media.schema, `${where} body`, []);
		}
		expect(unbounded).toEqual([]);
	});

	it("describes the WebSocket routes as their 101 upgrade", () => {
		for (const path of ["/v2/ws", "/v2/ws/notifications", "/v2/ws/progress", "/v2/ws/analytics", "/v2/roblox/ws", "/api/v1/roblox/ws"]) {
			const op = doc.paths[path]?.get;
			expect(op, path).toBeDefined();
			expect(op["x-websocket"]).toBe(true);
			expect(op.responses["101"]).toBeDefined();
			expect(op.responses["200"]).toBeUndefined();
			expect(op.description).toMatch(/WebSocket/);
		}
	});

	it("documents the error bodies each area actually sends", async () => {
		const ajv = addFormats.default(new Ajv({ strict: false }));
		const cases: [url: string, schema: string][] = [
			["/v2/nope", "PlatformError"],
			["/v2/roblox/nope", "RobloxError"],
			["/api/v1/roblox/nope", "RobloxError"],
			["/api/v1/roblox/oauth/nope", "OAuthError"],
			["/licensing/nope", "LicensingError"],
			["/bot/nope", "BotError"],
		];
		for (const [url, name] of cases) {
			const res = await t.request({ method: "GET", url });
			expect(res.statusCode, url).toBe(404);
			const validate = ajv.compile(doc.components.schemas[name]);
			expect(validate(res.json()), `${url}: ${JSON.stringify(validate.errors)}`).toBe(true);
			for (const [, other] of cases.filter(([, n]) => n !== name && n !== "LicensingError" && n !== "BotError")) {
				if (name === "LicensingError" || name === "BotError") expect(ajv.compile(doc.components.schemas[other])(res.json()), `${url} is not ${other}`).toBe(false);
			}
		}
	});
});

function walk(node: unknown, at: string, visit: (node: object, at: string) => void): void {
	if (typeof node !== "object" || node === null) return;
	visit(node, at);
	for (const [key, value] of Object.entries(node)) walk(value, `${at}/${key}`, visit);
}
