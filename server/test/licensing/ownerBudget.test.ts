import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLicensing, type LicensingApp } from "./licensingApp.js";

/** Owner routes: the hourly budget belongs to each owner key, not to the address it calls from. */
let L: LicensingApp;
beforeAll(async () => {
	L = await startLicensing({ env: { RATE_LIMIT_ANONYMOUS: "5" } });
});
afterAll(async () => L.close());

describe("owner key budgets", () => {
	it("one key's exhausted budget does not throttle another owner key calling from the same address", async () => {
		const minted = await L.t.request({ method: "POST", url: `/licensing/projects/${L.projectId}/owner-keys`, token: L.teacherToken, payload: { name: "ci" } });
		expect(minted.statusCode, minted.body).toBe(200);
		const second = minted.json().owner_key.key as string;
		for (let i = 0; i < 5; i++) expect((await L.owner("GET", "/scripts")).statusCode).toBe(200);
		const limited = await L.owner("GET", "/scripts");
		expect(limited.statusCode).toBe(429);
		expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
		expect((await L.owner("GET", "/scripts", undefined, second)).statusCode).toBe(200);
	});
});
