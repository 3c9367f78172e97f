import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loggerOptions } from "../../src/http/logging.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/**
 * What operators get in the log for each request: one access line (method, URL, status, time,
 * request id) and, when a request is refused or fails, the handler's line bound to the same
 * request id (the per-request logger is made only when something logs through it).
 */
const lines: string[] = [];
let t: TestApp;

beforeAll(async () => {
	t = await startTestApp({}, { logger: { ...loggerOptions("info"), stream: { write: (line: string) => void lines.push(line) } } });
});
afterAll(() => t.close());

const logged = (id: string) => lines.map((line) => JSON.parse(line)).filter((entry) => entry.reqId === id);

describe("the access log", () => {
	it("writes one line per answered request with its method, URL, status, time and request id", async () => {
		const res = await t.request({ method: "GET", url: "/v2/health?probe=1" });
		expect(res.statusCode).toBe(200);
		const entries = logged(String(res.headers["x-request-id"]));
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({ level: 30, msg: "request completed", req: { method: "GET", url: "/v2/health?probe=1" }, res: { statusCode: 200 } });
		expect(entries[0].responseTime).toEqual(expect.any(Number));
	});

	it("binds a refused request's own line to the same request id as its access line", async () => {
		const res = await t.request({ method: "POST", url: "/licensing/game/heartbeat", payload: { session_id: "not a uuid" }, headers: { "x-request-id": "client-chosen-id" } });
		expect(res.statusCode).toBe(400);
		expect(res.headers["x-request-id"]).toBe("client-chosen-id");
		const entries = logged("client-chosen-id");
		expect(entries.map((entry) => entry.msg)).toEqual(["request rejected", "request completed"]);
		expect(entries[0]).toMatchObject({ code: "VALIDATION_ERROR" });
		expect(entries[1]).toMatchObject({ req: { method: "POST", url: "/licensing/game/heartbeat" }, res: { statusCode: 400 } });
	});
});
