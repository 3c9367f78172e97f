import { connect } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyticsReports } from "../../src/modules/platform/analytics/tables.js";
import { startLicensing, type LicensingApp } from "../licensing/licensingApp.js";

/**
 * The input layer (issue 13): hostile strings, out-of-range integers, impossible date-times and
 * Fastify's own early refusals all leave as a 400-family answer in the area's envelope, never a
 * 500 or a bare Fastify body.
 */

let L: LicensingApp;
let admin: string;
let teacher: { id: string; token: string };
let scriptId: string;
let schoolId: string;

beforeAll(async () => {
	L = await startLicensing({ env: { RATE_LIMIT_STANDARD: "100000", RATE_LIMIT_ANONYMOUS: "100000" } });
	schoolId = (await L.t.createSchool()).id;
	admin = (await L.t.createUser({ role: "admin" })).token;
	teacher = await L.t.createUser({ role: "teacher", schoolId });
	scriptId = await L.createScript();
});
afterAll(() => L.close());

type Area = "platform" | "roblox" | "licensing" | "bot";
const AREA_OF: [string, Area][] = [["/v2/roblox", "roblox"], ["/api/v1/roblox", "roblox"], ["/licensing", "licensing"], ["/bot", "bot"], ["/v2", "platform"]];
const areaOf = (url: string) => AREA_OF.find(([prefix]) => url.startsWith(prefix))![1];

/** Asserts the status, the area's envelope shape, the stable code and (optionally) the field. */
function expectRefused(res: { statusCode: number; body: string }, url: string, status: number, code: string, field?: string) {
	expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
	const body = JSON.parse(res.body);
	const area = areaOf(url);
	const error = body.error;
	if (area === "platform") expect(body).toMatchObject({ success: false, timestamp: expect.any(String), request_id: expect.any(String) });
	if (area === "roblox") expect(error).toMatchObject({ timestamp: expect.any(String), requestId: expect.any(String) });
	if (area === "licensing" || area === "bot") expect(Object.keys(body).sort()).toEqual(["error", "success"]);
	expect(error.code).toBe(area === "roblox" && code === "VALIDATION_ERROR" ? "INVALID_REQUEST" : code);
	if (field !== undefined) expect(error.details?.field, res.body).toBe(field);
}

const NUL = "a\u0000b";

describe("NUL and control characters", () => {
	it("refuses NUL in a JSON string on every area, unauthenticated, naming the field", async () => {
		const cases: [url: string, payload: Record<string, unknown>, field: string][] = [
			["/v2/auth/login", { email: `x${NUL}@example.test`, password: "whatever password" }, "email"],
			["/licensing/game/verify", { script_id: scriptId, version: 1, place_id: 1, job_id: NUL, roblox_id: 1 }, "job_id"],
			["/v2/roblox/quiz/answer", { sessionId: NUL, questionId: "q", playerId: "1", answer: 0 }, "sessionId"],
			["/api/v1/roblox/conversation/start", { initial_message: NUL }, "initial_message"],
			["/bot/useraction", { method: "GetRoles", serverid: "100000000000000001", roles: NUL }, "roles"],
		];
		for (const [url, payload, field] of cases) expectRefused(await L.t.request({ method: "POST", url, payload }), url, 400, "VALIDATION_ERROR", field);
	});

	it("refuses NUL in a JSON string with valid credentials (where it used to reach the database)", async () => {
		const res = await L.t.request({ method: "POST", url: "/v2/schools", token: admin, payload: { name: `School ${NUL}` } });
		expectRefused(res, "/v2/schools", 400, "VALIDATION_ERROR", "name");
		expect(res.json().error.message).toMatch(/NUL/);
		const nested = await L.owner("POST", "/scripts", { name: "ok", description: `x${NUL}` });
		expectRefused(nested, "/licensing/scripts", 400, "VALIDATION_ERROR", "description");
	});

	it("refuses NUL in object keys, query values and path parameters", async () => {
		expectRefused(await L.t.request({ method: "POST", url: "/v2/auth/login", payload: { [`e${NUL}`]: 1 } }), "/v2/auth/login", 400, "VALIDATION_ERROR", `e${NUL}`);
		expectRefused(await L.t.request({ method: "GET", url: "/v2/users?search=a%00b", token: admin }), "/v2/users", 400, "VALIDATION_ERROR", "search");
		expectRefused(await L.owner("GET", `/scripts/${scriptId}/sessions/filter?job_id=%00`), "/licensing/x", 400, "VALIDATION_ERROR", "job_id");
		expectRefused(await L.t.request({ method: "GET", url: "/v2/lessons/a%00b", token: admin }), "/v2/lessons", 400, "VALIDATION_ERROR", "id");
	});

	it("refuses other C0 controls and unpaired surrogates; tab and newline stay allowed in bodies, not in queries", async () => {
		const control = await L.t.request({ method: "POST", url: "/v2/schools", token: admin, payload: { name: "bell\u0007" } });
		expectRefused(control, "/v2/schools", 400, "VALIDATION_ERROR", "name");
		const surrogate = await L.t.request({ method: "POST", url: "/v2/schools", token: admin, headers: { "content-type": "application/json" }, payload: '{"name":"half \\ud800 pair"}' });
		expectRefused(surrogate, "/v2/schools", 400, "VALIDATION_ERROR", "name");
		const text = await L.t.request({ method: "POST", url: "/v2/schools", token: admin, payload: { name: "Line one\n\tline two" } });
		expect(text.statusCode, text.body).toBe(201);
		expectRefused(await L.t.request({ method: "GET", url: "/v2/users?search=a%0Ab", token: admin }), "/v2/users", 400, "VALIDATION_ERROR", "search");
	});

	it("refuses bodies nested deeper than any route needs", async () => {
		let deep: unknown = "x";
		for (let i = 0; i < 40; i++) deep = { a: deep };
		expectRefused(await L.t.request({ method: "POST", url: "/bot/useraction", payload: { method: "GetRoles", serverid: "1", deep } }), "/bot/useraction", 400, "VALIDATION_ERROR");
	});
});

describe("identifiers", () => {
	// ajv-formats' uuid takes `urn:uuid:…`, which PostgreSQL refuses: it reached the database as a 500.
	it("refuses a uuid written as urn:uuid: in a body, a path and a query, on every area", async () => {
		const parent = await L.t.createUser({ role: "parent", schoolId });
		const urn = `urn:uuid:${parent.id}`;
		expectRefused(await L.t.request({ method: "POST", url: "/v2/messages", token: teacher.token, payload: { recipient_id: urn, subject: "s", body: "b" } }), "/v2/messages", 400, "VALIDATION_ERROR", "recipient_id");
		expectRefused(await L.t.request({ method: "GET", url: `/v2/users/${urn}`, token: admin }), "/v2/users", 400, "VALIDATION_ERROR");
		expectRefused(await L.t.request({ method: "POST", url: "/licensing/game/heartbeat", payload: { session_id: urn } }), "/licensing/game/heartbeat", 400, "VALIDATION_ERROR", "session_id");
		expectRefused(await L.owner("GET", `/scripts/${urn}/keys`), "/licensing/s", 400, "VALIDATION_ERROR");
	});
});

describe("integers beyond range", () => {
	it("refuses page=1000000000000000000 on every paged list", async () => {
		for (const list of ["/v2/users", "/v2/schools", "/v2/classes", "/v2/audit", "/v2/lessons", "/v2/progress", "/v2/messages", "/v2/notifications"]) {
			expectRefused(await L.t.request({ method: "GET", url: `${list}?page=1000000000000000000`, token: admin }), list, 400, "VALIDATION_ERROR", "page");
		}
	});

	it("refuses licensing `from` >= 2^63 on sessions, filter and keys", async () => {
		const from = "9223372036854775808";
		expectRefused(await L.owner("POST", `/scripts/${scriptId}/sessions`, JSON.parse(`{"from":${from}}`)), "/licensing/s", 400, "VALIDATION_ERROR", "from");
		expectRefused(await L.owner("GET", `/scripts/${scriptId}/sessions/filter?from=${from}`), "/licensing/s", 400, "VALIDATION_ERROR", "from");
		expectRefused(await L.owner("GET", `/scripts/${scriptId}/keys?from=${from}`), "/licensing/s", 400, "VALIDATION_ERROR", "from");
		const large = await L.owner("GET", `/scripts/${scriptId}/keys?from=2147483647&limit=2147483647`);
		expect(large.statusCode, large.body).toBe(200);
	});

	it("refuses expires_at = 1e20 on licence keys", async () => {
		expectRefused(await L.owner("POST", `/scripts/${scriptId}/keys`, { expires_at: 1e20 }), "/licensing/k", 400, "VALIDATION_ERROR", "expires_at");
		const key = await L.createKey(scriptId, { expires_at: L.now() + 60_000 });
		expectRefused(await L.owner("POST", `/scripts/${scriptId}/keys/${key.id}/edit`, { expires_at: 1e20 }), "/licensing/k", 400, "VALIDATION_ERROR", "expires_at");
	});
});

describe("date-times", () => {
	const BAD = ["2025-06-30T23:59:60Z", "0000-01-01T00:00:00Z", "2025-02-30T00:00:00Z", "9999-12-31T23:00:00-05:00"];

	it("refuses leap seconds, year 0000 and impossible days on metrics, audit and custom reports", async () => {
		for (const bad of BAD) {
			const q = encodeURIComponent(bad);
			expectRefused(await L.t.request({ method: "GET", url: `/v2/analytics/metrics?metric=quiz_attempts&from=${q}`, token: admin }), "/v2/a", 400, "VALIDATION_ERROR", "from");
			expectRefused(await L.t.request({ method: "GET", url: `/v2/audit?to=${q}`, token: admin }), "/v2/a", 400, "VALIDATION_ERROR", "to");
			const report = await L.t.request({ method: "POST", url: "/v2/analytics/reports", token: teacher.token, payload: { name: "r", definition: { metrics: ["quiz_attempts"], filters: { from: bad } } } });
			expectRefused(report, "/v2/a", 400, "VALIDATION_ERROR", "definition.filters.from");
		}
		const fine = await L.t.request({ method: "GET", url: `/v2/analytics/metrics?metric=quiz_attempts&from=${encodeURIComponent("2026-03-01T00:00:00.123456+01:00")}`, token: admin });
		expect(fine.statusCode, fine.body).toBe(200);
	});

	it("a report stored with a bad date answers 422 naming the field, and can be deleted", async () => {
		const db = L.t.services.database.db;
		const [row] = await db.insert(analyticsReports).values({ schoolId, createdBy: teacher.id, name: "legacy", definition: { metrics: ["quiz_attempts"], filters: { from: "2025-06-30T23:59:60Z" } } as never }).returning();
		const run = await L.t.request({ method: "GET", url: `/v2/analytics/reports/${row.id}`, token: teacher.token });
		expectRefused(run, "/v2/a", 422, "REPORT_INVALID", "definition.filters.from");
		const other = await L.t.createUser({ role: "teacher", schoolId });
		expectRefused(await L.t.request({ method: "DELETE", url: `/v2/analytics/reports/${row.id}`, token: other.token }), "/v2/a", 403, "FORBIDDEN");
		const removed = await L.t.request({ method: "DELETE", url: `/v2/analytics/reports/${row.id}`, token: teacher.token });
		expect(removed.statusCode, removed.body).toBe(200);
		expect(removed.json().data).toEqual({ deleted: true });
		expect(await db.select().from(analyticsReports).where(eq(analyticsReports.id, row.id))).toEqual([]);
		expectRefused(await L.t.request({ method: "GET", url: `/v2/analytics/reports/${row.id}`, token: teacher.token }), "/v2/a", 404, "NOT_FOUND");
	});
});

describe("Fastify's own refusals in each area's envelope", () => {
	const AREAS = ["/v2/lessons/", "/v2/roblox/sessions/", "/api/v1/roblox/conversation/", "/licensing/scripts/", "/bot/admin/workspaces/"];

	it("a path parameter over 100 characters: 414 URI_TOO_LONG", async () => {
		for (const base of AREAS) expectRefused(await L.t.request({ method: "GET", url: base + "x".repeat(101) }), base, 414, "URI_TOO_LONG");
	});

	it("bad JSON, unsupported media type and a body too large", async () => {
		for (const url of ["/v2/auth/login", "/v2/roblox/quiz/answer", "/api/v1/roblox/conversation/start", "/licensing/game/verify", "/bot/useraction"]) {
			expectRefused(await L.t.request({ method: "POST", url, headers: { "content-type": "application/json" }, payload: "{not json" }), url, 400, "VALIDATION_ERROR");
			expectRefused(await L.t.request({ method: "POST", url, headers: { "content-type": "text/xml" }, payload: "<a/>" }), url, 415, "UNSUPPORTED_MEDIA_TYPE");
			expectRefused(await L.t.request({ method: "POST", url, headers: { "content-type": "application/json" }, payload: `{"a":"${"x".repeat(L.t.config.BODY_LIMIT_BYTES)}"}` }), url, 413, "PAYLOAD_TOO_LARGE");
		}
	});

	it("headers too large: 431 in the envelope of the URL's area", async () => {
		const address = await L.t.app.listen({ port: 0, host: "127.0.0.1" });
		const port = Number(new URL(address).port);
		for (const url of ["/v2/health", "/v2/roblox/x", "/licensing/game/verify", "/bot/verify"]) {
			const raw = await rawRequest(port, `GET ${url} HTTP/1.1\r\nHost: localhost\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
			const [head, body] = raw.split("\r\n\r\n");
			expect(head.split("\r\n")[0]).toBe("HTTP/1.1 431 Request Header Fields Too Large");
			expectRefused({ statusCode: 431, body }, url, 431, "HEADERS_TOO_LARGE");
		}
	});
});

function rawRequest(port: number, text: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const socket = connect(port, "127.0.0.1", () => socket.write(text));
		let data = "";
		socket.setTimeout(5000, () => socket.destroy(new Error("timeout")));
		socket.on("data", (chunk) => (data += chunk.toString()));
		socket.on("close", () => resolve(data));
		socket.on("error", (error) => (data ? resolve(data) : reject(error)));
	});
}
