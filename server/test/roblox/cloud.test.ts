import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/testApp.js";
import { startOpenCloud, startRobloxOAuth, type OAuthStandIn, type OpenCloudStandIn } from "./standins.js";

const API_KEY = "open-cloud-key-123";
const client = { id: "client-cloud", secret: "secret-cloud" };
let t: TestApp;
let cloud: OpenCloudStandIn;
let oauth: OAuthStandIn;
let teacher: { id: string; token: string };

beforeAll(async () => {
	oauth = await startRobloxOAuth(client);
	cloud = await startOpenCloud({ apiKey: API_KEY, bearerTokens: oauth.validAccessTokens });
	t = await startTestApp({ ROBLOX_API_BASE_URL: cloud.url, ROBLOX_OPEN_CLOUD_API_KEY: API_KEY, ROBLOX_OAUTH_BASE_URL: oauth.url, ROBLOX_OAUTH_CLIENT_ID: client.id, ROBLOX_OAUTH_CLIENT_SECRET: client.secret });
	teacher = await t.createUser({ role: "teacher" });
});
afterAll(async () => {
	await t.close();
	await cloud.close();
	await oauth.close();
});

const call = (method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", url: string, payload?: unknown, token = teacher.token, headers: Record<string, string> = {}) =>
	t.request({ method, url: `/api/v1/roblox/cloud${url}`, token, payload: payload as object, headers });

describe("Open Cloud proxies", () => {
	it("uploads an asset as multipart and polls the operation, with the API key", async () => {
		const missingCreator = await call("POST", "/assets", { name: "Lesson", assetType: "Model", file: Buffer.from("rbxm").toString("base64") });
		expect(missingCreator.json().error).toMatchObject({ code: "INVALID_REQUEST", details: { field: "creator" } });

		const created = await call("POST", "/assets", { name: "Lesson", description: "Fractions", assetType: "Model", file: Buffer.from("rbxm-bytes").toString("base64"), creator: { userId: "77" } });
		expect(created.statusCode).toBe(202);
		expect(created.json()).toEqual({ operation_id: "op-1", done: false, status: "Processing", asset: null });
		expect(cloud.uploads[0]).toMatchObject({ request: { assetType: "Model", displayName: "Lesson", creationContext: { creator: { userId: "77" } } }, fileBytes: 10, fileType: "model/x-rbxm" });
		expect(cloud.requests.at(-1)).toMatchObject({ auth: "api_key" });

		const polled = (await call("GET", "/assets/operations/op-1")).json();
		expect(polled).toMatchObject({ done: true, status: "Complete", asset: { assetId: "555" } });
		expect((await call("GET", "/assets/555")).json()).toMatchObject({ assetId: "555", state: "Active" });
		expect((await call("PATCH", "/assets/555", { name: "Renamed" })).json().asset).toMatchObject({ updateMask: "displayName" });
		expect((await call("DELETE", "/assets/555")).json()).toMatchObject({ deleted: true, asset: { state: "Archived" } });
		const missing = await call("GET", "/assets/999");
		expect(missing.statusCode).toBe(404);
		expect(missing.json().error.code).toBe("NOT_FOUND");
	});

	it("sets data store entries with content-md5 and versions, reads and lists them", async () => {
		const set = await call("PUT", "/datastores/1/Progress/entries/player_1", { data: { progress: 75, achievements: ["first_quiz"] }, user_ids: [123], attributes: { lesson: "fractions" } });
		expect(set.statusCode).toBe(200);
		expect(set.json()).toMatchObject({ version: "1" });
		const got = (await call("GET", "/datastores/1/Progress/entries/player_1")).json();
		expect(got).toEqual({ data: { progress: 75, achievements: ["first_quiz"] }, version: "1", created: null, updated: null, attributes: { lesson: "fractions" }, user_ids: [123] });

		const stale = await call("PUT", "/datastores/1/Progress/entries/player_1", { data: { progress: 80 } }, teacher.token, { "x-roblox-entry-version": "7" });
		expect(stale.statusCode).toBe(409);
		const fresh = await call("PUT", "/datastores/1/Progress/entries/player_1", { data: { progress: 80 }, match_version: "1" });
		expect(fresh.json().version).toBe("2");

		const list = (await call("GET", "/datastores/1/Progress/entries?limit=10")).json();
		expect(list.keys).toEqual([{ scope: "global", key: "player_1" }]);
		expect((await call("GET", "/datastores/1/Progress/entries/nobody")).statusCode).toBe(404);
		const bad = await call("PUT", "/datastores/1/Progress/entries/player_1", { value: 1 });
		expect(bad.json().error).toMatchObject({ code: "INVALID_REQUEST" });
	});

	it("reads and updates places and passes upstream 429 on with Retry-After", async () => {
		expect((await call("GET", "/places/1/2")).json()).toMatchObject({ displayName: "Classroom", serverSize: 30 });
		const updated = (await call("PATCH", "/places/1/2", { name: "Fractions Lab", maxPlayers: 30 })).json();
		expect(updated).toMatchObject({ displayName: "Fractions Lab", serverSize: 30, updateMask: "displayName,serverSize" });
		const limited = await call("GET", "/places/1/429");
		expect(limited.statusCode).toBe(429);
		expect(limited.headers["retry-after"]).toBe("17");
		expect(limited.json().error.code).toBe("RATE_LIMITED");
	});

	it("uses the caller's linked Roblox OAuth token (Bearer) when there is one", async () => {
		const linked = await t.createUser({ role: "teacher" });
		const init = (await t.request({ method: "POST", url: "/api/v1/roblox/auth/initiate", token: linked.token, payload: { redirect_uri: "http://127.0.0.1/cb" } })).json();
		const code = oauth.authorize(init.authorization_url, { sub: "8080", name: "linked" });
		expect((await t.request({ method: "GET", url: `/api/v1/roblox/auth/callback?code=${code}&state=${init.state}` })).statusCode).toBe(200);
		const created = await call("POST", "/assets", { name: "Mine", assetType: "Model", file: Buffer.from("x").toString("base64") }, linked.token);
		expect(created.statusCode).toBe(202);
		expect(cloud.requests.at(-1)).toMatchObject({ auth: "oauth" });
		expect(cloud.uploads.at(-1)?.request).toMatchObject({ creationContext: { creator: { userId: "8080" } } });
	});

	it("answers 502 when Roblox refuses the server's credentials", async () => {
		const refused = await call("GET", "/places/1/401");
		expect(refused.statusCode).toBe(502);
		expect(refused.json().error.code).toBe("UPSTREAM_UNAUTHORIZED");
	});
});
