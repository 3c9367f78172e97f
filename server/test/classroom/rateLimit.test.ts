import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectError, startClassroom, type ClassroomWorld } from "./helpers.js";

/** A place key has its own hourly budget (not the anonymous per-IP one), per key. */
let w: ClassroomWorld;
beforeAll(async () => {
	w = await startClassroom({ CLASSROOM_PLACE_KEY_RATE_LIMIT: "3", RATE_LIMIT_ANONYMOUS: "1000" });
});
afterAll(async () => w.t.close());

describe("place key rate limit", () => {
	it("throttles one key after its budget, in the spec's error format, without touching another key", async () => {
		const hit = (key: string) => w.t.request({ method: "GET", url: "/v2/roblox/places/1001/content", token: key });
		for (let i = 0; i < 3; i++) expect((await hit(w.a.key)).statusCode).toBe(404); // nothing applied yet, but counted
		const limited = await hit(w.a.key);
		expectError(limited, 429, "RATE_LIMITED");
		expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
		expect((await hit(w.b.key)).statusCode).toBe(403); // B's key: its own budget (and not its place)
		expect((await w.t.request({ method: "GET", url: "/v2/roblox/place-keys", token: w.a.teacher })).statusCode).toBe(200);
	});
});
