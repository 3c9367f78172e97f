import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLicensing, type LicensingApp } from "./licensingApp.js";

/**
 * Roblox game servers hold the licence key as a Secret, which can travel in a header but never
 * in a JSON body: verify takes it from `X-License-Key`, and the header wins over the body `key`.
 */
let L: LicensingApp;
beforeAll(async () => {
	L = await startLicensing();
});
afterAll(() => L.close());

const place = { version: 1, place_id: 606849621, job_id: "job-h", roblox_id: 10234711811 };
const verify = (body: Record<string, unknown>, key?: string) =>
	L.t.app.inject({ method: "POST", url: "/licensing/game/verify", payload: body, headers: key === undefined ? {} : { "x-license-key": key }, remoteAddress: "10.7.0.1" });

describe("verify with the X-License-Key header", () => {
	it("accepts the key from the header alone", async () => {
		const scriptId = await L.createScript();
		const { key } = await L.createKey(scriptId);
		const res = await verify({ script_id: scriptId, ...place }, key);
		expect(res.statusCode, res.body).toBe(200);
		expect(res.json()).toMatchObject({ success: true, heartbeat: true, session_id: expect.any(String) });
	});

	it("lets the header win over the body key, both ways", async () => {
		const scriptId = await L.createScript();
		const { key } = await L.createKey(scriptId);
		const headerRight = await verify({ script_id: scriptId, key: "lk_wrong-body-key", ...place }, key);
		expect(headerRight.statusCode, headerRight.body).toBe(200);
		const headerWrong = await verify({ script_id: scriptId, key, ...place }, "lk_wrong-header-key");
		expect(headerWrong.statusCode).toBe(401);
		expect(headerWrong.json().error.code).toBe("INVALID_KEY");
	});

	it("checks a header key on a free_for_all script, and refuses an empty one naming the header", async () => {
		const scriptId = await L.createScript({ free_for_all: true });
		const wrong = await verify({ script_id: scriptId, ...place }, "lk_wrong-header-key");
		expect(wrong.json().error.code).toBe("INVALID_KEY");
		const empty = await verify({ script_id: scriptId, ...place }, "");
		expect(empty.statusCode).toBe(400);
		expect(empty.json().error).toMatchObject({ code: "VALIDATION_ERROR", details: { field: expect.stringContaining("x-license-key") } });
	});
});
