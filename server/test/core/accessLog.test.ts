import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { loggerOptions } from "../../src/http/logging.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";
import { startLicensing } from "../licensing/licensingApp.js";

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

describe("a route whose answered requests are counted, not logged one by one (the licensing heartbeat)", () => {
	it("writes no line per answered heartbeat, a count per minute, and a line for each refusal", async () => {
		const heartbeatLines: string[] = [];
		const licensing = await startLicensing({ logger: { ...loggerOptions("info"), stream: { write: (line: string) => void heartbeatLines.push(line) } } });
		try {
			const scriptId = await licensing.createScript();
			const { key } = await licensing.createKey(scriptId);
			const session = await licensing.open(scriptId, { key });
			const entries = () => heartbeatLines.map((line) => JSON.parse(line)).filter((entry) => entry.req?.url === "/licensing/game/heartbeat" || entry.route === "POST /licensing/game/heartbeat");
			for (let i = 0; i < 3; i++) expect((await licensing.heartbeat(session)).statusCode).toBe(200);
			expect(entries()).toEqual([]);

			const unknown = await licensing.heartbeat("8a1f0c2e-5b7d-4e3a-9c6f-1d2e3f4a5b6c");
			expect(unknown.statusCode).toBe(404);
			expect(entries()).toEqual([expect.objectContaining({ msg: "request completed", res: { statusCode: 404 } })]);

			// A minute later the next answered heartbeat writes the count of the ones before it.
			const later = Date.now() + 61_000;
			vi.spyOn(Date, "now").mockReturnValue(later);
			try {
				expect((await licensing.heartbeat(session)).statusCode).toBe(200);
			} finally {
				vi.restoreAllMocks();
			}
			expect(entries().at(-1)).toMatchObject({ level: 30, msg: "requests answered", route: "POST /licensing/game/heartbeat", answered: 4 });
		} finally {
			await licensing.close();
		}
	});
});

