import fc from "fast-check";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/**
 * Walks /openapi.json and sends every operation of every area generated hostile values (NUL and
 * C0 controls, unpaired surrogates, integers past 2^53 and 2^63, 1e20, leap seconds, year 0000,
 * uuids written as `urn:uuid:…`,
 * overlong strings and path parameters, wrong types, deep objects) in one place at a time (a
 * body field, a query value, a path parameter, the whole body), with each credential that
 * route's area accepts and without. No answer may be a 5xx, every refusal is a 4xx in the area's
 * envelope, and no row is inserted or deleted in any table (a trigger-level witness). Upstreams point at a closed loopback port.
 */

const RUNS_PER_OPERATION = Number(process.env.HOSTILE_RUNS ?? 10);
const CLOSED = "http://127.0.0.1:9";

interface Schema {
	$ref?: string;
	type?: string;
	format?: string;
	pattern?: string;
	enum?: unknown[];
	nullable?: boolean;
	minimum?: number;
	maximum?: number;
	minLength?: number;
	maxLength?: number;
	minItems?: number;
	properties?: Record<string, Schema>;
	required?: string[];
	items?: Schema;
	anyOf?: Schema[];
	oneOf?: Schema[];
	allOf?: Schema[];
}
interface Operation {
	parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
	requestBody?: { content?: Record<string, { schema?: Schema }> };
	"x-websocket"?: boolean;
}
interface Target {
	where: "body" | "query" | "path" | "whole-body";
	path: string[];
	schema: Schema;
}

let t: TestApp;
let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
let credentials: Record<"admin" | "teacher" | "student" | "placeKey" | "ownerKey" | "botKey", string>;
let tables: string[];

beforeAll(async () => {
	t = await startTestApp({
		RATE_LIMIT_STANDARD: "1000000",
		RATE_LIMIT_PREMIUM: "1000000",
		RATE_LIMIT_ENTERPRISE: "1000000",
		RATE_LIMIT_ANONYMOUS: "1000000",
		CLASSROOM_PLACE_KEY_RATE_LIMIT: "1000000",
		BOT_RATE_LIMIT_PER_MINUTE: "1000000",
		ROBLOX_OAUTH_BASE_URL: CLOSED,
		ROBLOX_API_BASE_URL: CLOSED,
		ROBLOX_GROUPS_BASE_URL: CLOSED,
		ROBLOX_USERS_BASE_URL: CLOSED,
		DISCORD_API_BASE_URL: CLOSED,
		DISCORD_OAUTH_BASE_URL: CLOSED,
		// Configured (pointing nowhere) so the routes reach their input checks instead of a 503 for a missing setting.
		ROBLOX_OAUTH_CLIENT_ID: "hostile-client",
		ROBLOX_OAUTH_CLIENT_SECRET: "hostile-secret",
		DISCORD_OAUTH_CLIENT_ID: "hostile-client",
		DISCORD_OAUTH_CLIENT_SECRET: "hostile-secret",
	});
	const school = await t.createSchool();
	const admin = await t.createUser({ role: "admin" });
	const teacher = await t.createUser({ role: "teacher", schoolId: school.id });
	const student = await t.createUser({ role: "student", schoolId: school.id });
	const place = await call("POST", "/v2/roblox/place-keys", teacher.token, { universeId: "111", placeId: "1001", name: "main place" });
	const project = await call("POST", "/licensing/projects", teacher.token, { name: "Framework" });
	const tenant = await call("POST", "/bot/admin/tenants", admin.token, { name: "Tenant" });
	const workspace = await call("POST", "/bot/admin/workspaces", admin.token, { tenantId: tenant.data.id, name: "Workspace", robloxGroupId: "7", discordGuildIds: ["100000000000000001"] });
	const botKey = await call("POST", `/bot/admin/workspaces/${workspace.data.id}/api-key`, admin.token);
	credentials = { admin: admin.token, teacher: teacher.token, student: student.token, placeKey: place.key, ownerKey: project.owner_key.key, botKey: botKey.data.key };
	doc = structuredClone((await t.request({ method: "GET", url: "/openapi.json" })).json());
	tables = (await rows(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`)).map((r) => String(r.tablename));
	await watchWrites();
});
afterAll(() => t?.close());

async function call(method: "POST", url: string, token: string, payload: object = {}) {
	const res = await t.request({ method, url, token, payload });
	if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
	return res.json();
}

async function rows(query: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
	const result = (await t.services.database.db.execute(query)) as unknown as { rows?: Record<string, unknown>[] } | Record<string, unknown>[];
	return Array.isArray(result) ? result : (result.rows ?? []);
}

/**
 * A DB-level witness of writes: a row trigger on every table records each insert and delete
 * into `hostile_writes`, so one cheap count per route proves nothing was written. Expected by
 * design: the bot's security warnings record refused credentials (`auth_failure`).
 */
async function watchWrites(): Promise<void> {
	await rows(sql`create table hostile_writes (table_name text not null, op text not null)`);
	await rows(
		sql.raw(`create function hostile_watch() returns trigger language plpgsql as $$
			declare
				r record := coalesce(NEW, OLD);
			begin
				if TG_TABLE_NAME = 'bot_warning_logs' and to_jsonb(r)->>'category' = 'auth_failure' then return null; end if;
				insert into hostile_writes values (TG_TABLE_NAME, TG_OP);
				return null;
			end $$`),
	);
	for (const name of tables) await rows(sql.raw(`create trigger hostile_watch after insert or delete on "${name}" for each row execute function hostile_watch()`));
}

/** Writes since the last call, as `table op×n`, and forgets them. */
async function takeWrites(): Promise<string[]> {
	const found = await rows(sql`select table_name, op, count(*)::int as n from hostile_writes group by 1, 2 order by 1, 2`);
	if (found.length > 0) await rows(sql`delete from hostile_writes`);
	return found.map((r) => `${String(r.table_name)} ${String(r.op)}×${String(r.n)}`);
}

/** The credentials each area accepts: the hostile value must reach validation and the handler. */
function credentialsFor(path: string): (string | undefined)[] {
	const c = credentials;
	if (path.startsWith("/v2/roblox")) return [undefined, c.placeKey, c.teacher];
	if (path.startsWith("/api/v1/roblox")) return [undefined, c.teacher, c.admin];
	if (path.startsWith("/licensing/scripts")) return [undefined, c.ownerKey];
	if (path.startsWith("/licensing")) return [undefined, c.teacher, c.admin];
	if (path.startsWith("/bot/admin")) return [undefined, c.admin];
	if (path.startsWith("/bot")) return [undefined, c.botKey];
	return [undefined, c.admin, c.teacher, c.student];
}

const operations = () =>
	Object.entries(doc.paths).flatMap(([path, item]) =>
		Object.entries(item)
			.filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
			.map(([method, op]) => ({ path, method: method.toUpperCase() as "GET", op })),
	);

describe("hostile input on every route of every area (OpenAPI-driven)", () => {
	it("never answers 5xx, refuses in the area's envelope, and writes no row", async () => {
		const ops = operations();
		expect(ops.length).toBeGreaterThan(150);
		const failures: string[] = [];
		let requests = 0;
		for (const { path, method, op } of ops) {
			await takeWrites();
			const targets = targetsOf(path, op);
			const arbitrary = fc.record({
				token: fc.constantFrom(...credentialsFor(path)),
				mutation: fc.constantFrom(...targets).chain((target) => hostileFor(target).map((value) => ({ target, value }))),
			});
			await fc.assert(
				fc.asyncProperty(arbitrary, async ({ token, mutation }) => {
					const request = build(path, op, mutation.target, mutation.value);
					requests++;
					const res = await t.request({ method, url: request.url, token, headers: request.headers, payload: request.payload });
					const label = `${method} ${path} ${mutation.target.where}:${mutation.target.path.join(".")}=${short(mutation.value)} -> ${res.statusCode} ${res.body.slice(0, 200)}`;
					if (res.statusCode >= 500) failures.push(label);
					else if (res.statusCode >= 400 && !inEnvelope(path, res.body)) failures.push(`not in envelope: ${label}`);
					else if (res.statusCode < 400 && !op["x-websocket"]) failures.push(`accepted: ${label}`);
				}),
				{ numRuns: RUNS_PER_OPERATION },
			);
			const written = await takeWrites();
			if (written.length > 0) failures.push(`${method} ${path} wrote rows: ${written.join(", ")}`);
		}
		expect(failures).toEqual([]);
		expect(requests).toBe(ops.length * RUNS_PER_OPERATION);
	});

	it("the write witness sees a real write (so the check above can fail)", async () => {
		await takeWrites();
		await call("POST", "/v2/schools", credentials.admin, { name: "Witnessed" });
		expect(await takeWrites()).toEqual(expect.arrayContaining(["schools INSERT×1"]));
	});
});

/** Every place a value can travel: path and query parameters, body fields (nested), the body. */
function targetsOf(path: string, op: Operation): Target[] {
	const targets: Target[] = [];
	const declared = new Set((op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name));
	for (const name of pathParams(path)) if (!declared.has(name)) targets.push({ where: "path", path: [name], schema: { type: "string" } });
	for (const p of op.parameters ?? []) {
		if (p.in === "path" || p.in === "query") targets.push({ where: p.in, path: [p.name], schema: resolve(p.schema ?? {}) });
	}
	const body = bodySchema(op);
	if (body) {
		targets.push({ where: "whole-body", path: [], schema: body });
		const walk = (schema: Schema, at: string[], depth: number) => {
			for (const [name, inner] of Object.entries(schema.properties ?? {})) {
				const resolved = resolve(inner);
				targets.push({ where: "body", path: [...at, name], schema: resolved });
				if (depth < 3 && resolved.properties) walk(resolved, [...at, name], depth + 1);
				if (depth < 3 && resolved.items && resolve(resolved.items).properties) walk(resolve(resolved.items), [...at, name, "0"], depth + 1);
			}
		};
		walk(body, [], 0);
	}
	if (targets.length === 0) targets.push({ where: "query", path: ["unexpected"], schema: {} });
	return targets;
}

const C0 = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).filter((c) => !"\t\n\r".includes(c));
const HUGE = [2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 2 ** 63, 9223372036854775808, 1e20, -1e20, 1e308];
const BAD_DATES = ["2025-06-30T23:59:60Z", "0000-01-01T00:00:00Z", "2025-02-30T12:00:00Z", "+275760-09-13T00:00:00Z"];

function deepObject(depth: number): unknown {
	let value: unknown = "x";
	for (let i = 0; i < depth; i++) value = { a: value };
	return value;
}

/** Values the input layer or the target's schema must refuse, whatever else is in the request. */
function hostileFor(target: Target): fc.Arbitrary<unknown> {
	const inText = target.where === "query" || target.where === "path";
	const universal: fc.Arbitrary<unknown>[] = [
		fc.string({ maxLength: 8 }).map((s) => `${s}\u0000${s}`),
		fc.tuple(fc.string({ maxLength: 4 }), fc.constantFrom(...C0)).map(([s, c]) => `${s}${c}${s}`),
	];
	if (inText) universal.push(fc.constantFrom("a\nb", "tab\there"));
	else universal.push(fc.constant("half \ud800 pair"), fc.integer({ min: 40, max: 80 }).map(deepObject));
	if (target.where === "path") universal.push(fc.integer({ min: 101, max: 300 }).map((n) => "x".repeat(n)));
	if (target.where === "whole-body") return fc.oneof(...universal, fc.constantFrom(1, "text", true, null, []));

	const typed: fc.Arbitrary<unknown>[] = [];
	const s = target.schema;
	const single = !s.anyOf && !s.oneOf && !s.allOf && !s.nullable && !s.enum && typeof s.type === "string";
	if (s.type === "integer" || s.type === "number") typed.push(inText ? fc.constantFrom("2147483648", "1000000000000000000", "9223372036854775808", "1e20", "-1e20") : fc.constantFrom(...HUGE));
	if (s.type === "integer") typed.push(inText ? fc.constant("1.5") : fc.constant(1.5));
	if (s.type === "string" && s.format === "date-time") typed.push(fc.constantFrom(...BAD_DATES));
	if (s.type === "string" && s.format === "uuid") typed.push(fc.uuid().chain((id) => fc.constantFrom(`urn:uuid:${id}`, `{${id}}`, id.replaceAll("-", ""))));
	if (s.type === "string" && typeof s.maxLength === "number" && s.maxLength < 200_000) typed.push(fc.constant("y".repeat(s.maxLength + 1)));
	if (!inText && single) {
		const wrong: Record<string, unknown[]> = { string: [42, true, [], {}], integer: ["7", true, []], number: ["7.5", true, {}], boolean: ["true", 1], object: ["x", 1, []], array: ["x", {}] };
		if (wrong[s.type!]) typed.push(fc.constantFrom(...wrong[s.type!]));
	}
	return fc.oneof(...universal, ...typed);
}

/** A request valid in every other place, with the hostile value at the target. */
function build(path: string, op: Operation, target: Target, value: unknown) {
	const params: Record<string, string> = {};
	for (const name of pathParams(path)) {
		const schema = resolve(op.parameters?.find((p) => p.in === "path" && p.name === name)?.schema ?? { type: "string" });
		params[name] = String(sample(schema));
	}
	const query: Record<string, string> = {};
	for (const p of op.parameters ?? []) if (p.in === "query" && p.required) query[p.name] = String(sample(resolve(p.schema ?? {})));
	if (target.where === "path") params[target.path[0]] = asText(value);
	if (target.where === "query") query[target.path[0]] = asText(value);

	const schema = bodySchema(op);
	let body: unknown = schema ? sample(schema) : undefined;
	if (target.where === "whole-body") body = value;
	if (target.where === "body") body = setAt(typeof body === "object" && body !== null ? body : {}, target.path, value);

	const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name]));
	const search = new URLSearchParams(query).toString();
	return {
		url: search ? `${url}?${search}` : url,
		headers: body === undefined ? {} : { "content-type": "application/json" },
		payload: body === undefined ? undefined : JSON.stringify(body),
	};
}

/** A minimal value that passes the schema (first enum member, minimum, required fields only). */
function sample(schema: Schema, depth = 0): unknown {
	const s = resolve(schema);
	if (s.enum) return s.enum[0];
	const options = s.anyOf ?? s.oneOf;
	if (options) return sample(options.find((o) => resolve(o).type !== "null") ?? options[0], depth);
	if (s.allOf) return Object.assign({}, ...s.allOf.map((part) => sample(part, depth)));
	switch (s.type) {
		case "object":
			return Object.fromEntries((s.required ?? []).filter((name) => s.properties?.[name]).map((name) => [name, depth > 6 ? {} : sample(s.properties![name], depth + 1)]));
		case "array":
			return Array.from({ length: s.minItems ?? 0 }, () => sample(s.items ?? {}, depth + 1));
		case "integer":
		case "number":
			return Math.min(Math.max(s.minimum ?? 1, 1), s.maximum ?? 1);
		case "boolean":
			return true;
		case "string":
			return sampleString(s);
		default:
			return "x";
	}
}

function sampleString(s: Schema): string {
	if (s.format === "uuid") return crypto.randomUUID();
	if (s.format === "date-time") return new Date(Date.UTC(2026, 0, 1)).toISOString();
	if (s.format === "date") return "2026-01-01";
	if (s.format === "email") return "someone@example.test";
	if (s.format === "uri" || s.format === "url") return "https://example.test/";
	if (s.pattern) {
		const [value] = fc.sample(fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? 200)), { numRuns: 1, seed: 42 });
		if (value !== undefined) return value;
	}
	return "x".repeat(Math.max(s.minLength ?? 1, 1));
}

function resolve(schema: Schema): Schema {
	let s = schema;
	for (let i = 0; s.$ref && i < 10; i++) s = doc.components.schemas[s.$ref.split("/").pop()!];
	return s;
}

function bodySchema(op: Operation): Schema | undefined {
	const media = op.requestBody?.content?.["application/json"] ?? Object.values(op.requestBody?.content ?? {})[0];
	return media?.schema ? resolve(media.schema) : undefined;
}

function pathParams(path: string): string[] {
	return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
}

function setAt(root: object, path: string[], value: unknown): object {
	const copy = structuredClone(root) as Record<string, unknown>;
	let node = copy;
	path.forEach((key, i) => {
		if (i === path.length - 1) node[key] = value;
		else {
			if (typeof node[key] !== "object" || node[key] === null) node[key] = /^\d+$/.test(path[i + 1]) ? [] : {};
			node = node[key] as Record<string, unknown>;
		}
	});
	return copy;
}

function asText(value: unknown): string {
	return typeof value === "string" ? value : JSON.stringify(value);
}

function short(value: unknown): string {
	return JSON.stringify(asText(value).slice(0, 40));
}

/**
 * Each area's error shape: platform `{success:false,error,timestamp,request_id}`, Roblox `{error:{...,requestId}}`,
 * the Roblox OAuth endpoints RFC 6749 `{error:"<code>",error_description,requestId}`, others `{success:false,error}`.
 */
function inEnvelope(path: string, text: string): boolean {
	let body: { success?: boolean; error?: { code?: string; message?: string; requestId?: string }; request_id?: string; error_description?: unknown; requestId?: unknown };
	try {
		body = JSON.parse(text);
	} catch {
		return false;
	}
	if (path.startsWith("/api/v1/roblox/oauth/")) return typeof body.error === "string" && typeof body.error_description === "string" && typeof body.requestId === "string";
	const error = body.error;
	if (typeof error?.code !== "string" || typeof error.message !== "string") return false;
	if (path.startsWith("/v2/roblox") || path.startsWith("/api/v1/roblox")) return typeof error.requestId === "string" && body.success === undefined;
	if (path.startsWith("/v2")) return body.success === false && typeof body.request_id === "string";
	return body.success === false && body.request_id === undefined;
}
