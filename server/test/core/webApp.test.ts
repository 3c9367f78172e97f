/** The teacher app's build is served at / on the API's origin; API paths keep their JSON 404s. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

const dist = mkdtempSync(join(tmpdir(), "web-dist-"));
let app: TestApp;

beforeAll(async () => {
	mkdirSync(join(dist, "assets"));
	writeFileSync(join(dist, "index.html"), "<!doctype html><title>Teacher app</title>");
	writeFileSync(join(dist, "assets", "app.js"), "console.log('app')");
	app = await startTestApp({ WEB_DIST_DIR: dist });
});
afterAll(async () => {
	await app?.close();
	rmSync(dist, { recursive: true, force: true });
});

describe("the teacher app on the API's origin", () => {
	it("serves index.html at / and the built assets", async () => {
		const page = await app.request({ method: "GET", url: "/", headers: { accept: "text/html" } });
		expect(page.statusCode).toBe(200);
		expect(page.headers["content-type"]).toContain("text/html");
		expect(page.body).toContain("Teacher app");
		const asset = await app.request({ method: "GET", url: "/assets/app.js" });
		expect(asset.statusCode).toBe(200);
		expect(asset.headers["content-type"]).toContain("javascript");
	});

	it("answers the app's client-side routes with index.html, so a reload keeps the screen", async () => {
		for (const url of ["/classes", "/classes/123?tab=roster", "/lessons/new", "/sessions/s1/live", "/places", "/device?user_code=BCDF-GHJK"]) {
			const page = await app.request({ method: "GET", url, headers: { accept: "text/html,application/xhtml+xml" } });
			expect(page.statusCode, url).toBe(200);
			expect(page.body, url).toContain("Teacher app");
		}
		const unknown = await app.request({ method: "GET", url: "/nope", headers: { accept: "text/html" } });
		expect(unknown.statusCode).toBe(404);
	});

	it("keeps unknown API paths as the API's JSON 404, even from a browser", async () => {
		for (const url of ["/v2/nope", "/api/v1/roblox/nope", "/licensing/nope"]) {
			const res = await app.request({ method: "GET", url, headers: { accept: "text/html" } });
			expect(res.statusCode, url).toBe(404);
			expect(res.headers["content-type"], url).toContain("application/json");
		}
		const health = await app.request({ method: "GET", url: "/v2/health" });
		expect(health.statusCode).toBe(200);
	});

	it("serves the APIs alone when the app is not built", async () => {
		const bare = await startTestApp({ WEB_DIST_DIR: join(dist, "missing") });
		try {
			const res = await bare.request({ method: "GET", url: "/", headers: { accept: "text/html" } });
			expect(res.statusCode).toBe(404);
		} finally {
			await bare.close();
		}
	});
});
