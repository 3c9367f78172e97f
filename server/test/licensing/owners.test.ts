import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { licensingKeys, licensingOwnerKeys } from "../../src/modules/licensing/tables.js";
import { hashApiKey } from "../../src/security/apiKeys.js";
import { startLicensing, type LicensingApp } from "./licensingApp.js";

let L: LicensingApp;
beforeAll(async () => {
	L = await startLicensing();
});
afterAll(() => L.close());

const place = { version: 1, place_id: 606849621, job_id: "job", roblox_id: 10234711811 };

describe("projects and owner keys", () => {
	it("creates a project with an owner key stored only as its digest", async () => {
		const res = await L.t.request({ method: "POST", url: "/licensing/projects", token: L.teacherToken, payload: { name: "Second" } });
		expect(res.statusCode).toBe(200);
		const { project, owner_key } = res.json();
		expect(project).toMatchObject({ name: "Second", created_at: L.now() });
		expect(owner_key.key).toMatch(/^lo_[\w-]{32}$/);
		expect(owner_key.hint).toBe(owner_key.key.slice(0, 9));
		const [stored] = await L.t.services.database.db.select().from(licensingOwnerKeys).where(eq(licensingOwnerKeys.id, owner_key.id));
		expect(stored.keyHash).toBe(hashApiKey(owner_key.key));
		expect(JSON.stringify(stored)).not.toContain(owner_key.key);
	});

	it("lists a teacher's own projects only; admins see all; students are refused", async () => {
		const other = await L.t.createUser({ role: "teacher" });
		await L.t.request({ method: "POST", url: "/licensing/projects", token: other.token, payload: { name: "Theirs" } });
		const mine = (await L.t.request({ method: "GET", url: "/licensing/projects", token: L.teacherToken })).json().projects;
		expect(mine.map((p: { name: string }) => p.name)).not.toContain("Theirs");
		const admin = await L.t.createUser({ role: "admin" });
		const all = (await L.t.request({ method: "GET", url: "/licensing/projects", token: admin.token })).json().projects;
		expect(all.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["Theirs", "Framework"]));
		const student = await L.t.createUser({ role: "student" });
		expect((await L.t.request({ method: "GET", url: "/licensing/projects", token: student.token })).statusCode).toBe(403);
		expect((await L.t.request({ method: "GET", url: "/licensing/projects" })).statusCode).toBe(401);
		const foreign = await L.t.request({ method: "POST", url: `/licensing/projects/${L.projectId}/owner-keys`, token: other.token, payload: {} });
		expect(foreign.statusCode).toBe(404);
	});

	it("mints, lists and revokes owner keys; a revoked key answers 401", async () => {
		const minted = await L.t.request({ method: "POST", url: `/licensing/projects/${L.projectId}/owner-keys`, token: L.teacherToken, payload: { name: "ci" } });
		const key = minted.json().owner_key;
		expect((await L.owner("GET", "/scripts", undefined, key.key)).statusCode).toBe(200);
		const listed = (await L.t.request({ method: "GET", url: `/licensing/projects/${L.projectId}/owner-keys`, token: L.teacherToken })).json().owner_keys;
		expect(listed.find((k: { id: string }) => k.id === key.id)).toMatchObject({ name: "ci", revoked_at: null });
		expect(JSON.stringify(listed)).not.toContain(key.key);
		const revoked = await L.t.request({ method: "POST", url: `/licensing/projects/${L.projectId}/owner-keys/${key.id}/revoke`, token: L.teacherToken });
		expect(revoked.json()).toEqual({ success: true });
		expect((await L.owner("GET", "/scripts", undefined, key.key)).statusCode).toBe(401);
	});
});

describe("owner authentication", () => {
	it("answers 401 for a missing or unknown owner key, in the spec's error shape", async () => {
		const missing = await L.t.request({ method: "GET", url: "/licensing/scripts" });
		expect(missing.statusCode).toBe(401);
		expect(missing.json()).toEqual({ success: false, error: { code: "UNAUTHORIZED", message: expect.any(String) } });
		expect((await L.owner("GET", "/scripts", undefined, "lo_unknownunknownunknownunknownunk")).statusCode).toBe(401);
		expect((await L.t.request({ method: "GET", url: "/licensing/scripts", headers: { "x-api-key": "nope" } })).statusCode).toBe(401);
		const id = await L.createScript();
		expect((await L.t.request({ method: "POST", url: `/licensing/scripts/${id}/toggle`, payload: { state: false } })).statusCode).toBe(401);
		expect((await L.t.request({ method: "GET", url: `/licensing/scripts/${id}`, token: L.teacherToken })).statusCode).toBe(401);
	});

	it("answers 404 for every route on another owner's script and changes nothing", async () => {
		const id = await L.createScript({ name: "mine" });
		const { id: keyId } = await L.createKey(id);
		const session = await L.open(id, { key: (await L.createKey(id)).key });
		const other = await L.t.createUser({ role: "teacher" });
		const theirs = (await L.t.request({ method: "POST", url: "/licensing/projects", token: other.token, payload: { name: "x" } })).json().owner_key.key;
		const calls: [("GET" | "POST"), string, unknown?][] = [
			["GET", `/scripts/${id}`],
			["GET", `/scripts/${id}/executions`],
			["POST", `/scripts/${id}/edit`, { name: "stolen" }],
			["POST", `/scripts/${id}/remove`],
			["POST", `/scripts/${id}/update`, { script: "evil" }],
			["POST", `/scripts/${id}/toggle`, { state: false }],
			["POST", `/scripts/${id}/sessions`, {}],
			["GET", `/scripts/${id}/sessions/filter`],
			["GET", `/scripts/${id}/sessions/${session}`],
			["POST", `/scripts/${id}/sessions/${session}/disconnect`],
			["POST", `/scripts/${id}/sessions/disconnect`, { all: true }],
			["POST", `/scripts/${id}/keys`, {}],
			["GET", `/scripts/${id}/keys`],
			["POST", `/scripts/${id}/keys/${keyId}/blacklist`, { reason: "x" }],
		];
		for (const [method, url, body] of calls) {
			const res = await L.owner(method, url, body, theirs);
			expect(res.statusCode, `${method} ${url}`).toBe(404);
			expect(res.json().error.code).toBe("NOT_FOUND");
		}
		expect((await L.owner("GET", `/scripts/${id}`)).json().script).toMatchObject({ name: "mine", enabled: true, total_instances: 1 });
		expect((await L.heartbeat(session)).json().status).toBe("ok");
	});
});

describe("licence keys", () => {
	it("creates keys shown once and stored hashed, lists them with pagination", async () => {
		const id = await L.createScript();
		const created = await L.owner("POST", `/scripts/${id}/keys`, { note: "Acme Academy", expires_at: L.now() + 86_400_000 });
		expect(created.statusCode).toBe(200);
		const key = created.json().key;
		expect(key).toMatchObject({ script_id: id, note: "Acme Academy", expires_at: L.now() + 86_400_000, blacklisted: false, blacklist_reason: null, roblox_id: null, created_at: L.now() });
		expect(key.key).toMatch(/^lk_/);
		const [stored] = await L.t.services.database.db.select().from(licensingKeys).where(eq(licensingKeys.id, key.id));
		expect(stored.keyHash).toBe(hashApiKey(key.key));
		L.advance(1);
		await L.createKey(id, { note: "second" });
		const listed = (await L.owner("GET", `/scripts/${id}/keys`)).json().keys;
		expect(listed.map((k: { note: string }) => k.note)).toEqual(["second", "Acme Academy"]);
		expect(JSON.stringify(listed)).not.toContain(key.key);
		expect((await L.owner("GET", `/scripts/${id}/keys?from=1&limit=5`)).json().keys).toHaveLength(1);
		expect((await L.owner("GET", `/scripts/${id}/keys?limit=0`)).json().keys).toEqual([]);
		expect((await L.owner("GET", `/scripts/${id}/keys?from=-1`)).statusCode).toBe(400);
	});

	it("edits note and expiry with the null conventions, expires now, blacklists and unblacklists with a reason", async () => {
		const id = await L.createScript();
		const { id: keyId, key } = await L.createKey(id, { note: "n", expires_at: L.now() + 1000 });
		const url = `/scripts/${id}/keys/${keyId}`;
		expect((await L.owner("POST", `${url}/edit`, { note: null, expires_at: null })).json().key).toMatchObject({ note: "n", expires_at: L.now() + 1000 });
		expect((await L.owner("POST", `${url}/edit`, { note: "", expires_at: "" })).json().key).toMatchObject({ note: null, expires_at: null });
		expect((await L.owner("POST", `${url}/edit`, { note: "renewed" })).json().key.note).toBe("renewed");

		const black = await L.owner("POST", `${url}/blacklist`, { reason: "refund abuse" });
		expect(black.json().key).toMatchObject({ blacklisted: true, blacklist_reason: "refund abuse" });
		const refused = await L.verify({ script_id: id, key, ...place });
		expect(refused.statusCode).toBe(403);
		expect(refused.json().error).toMatchObject({ code: "KEY_BLACKLISTED", details: { reason: "refund abuse" } });
		expect((await L.owner("POST", `${url}/blacklist`, {})).json().error.details.field).toBe("reason");

		expect((await L.owner("POST", `${url}/unblacklist`)).json().key).toMatchObject({ blacklisted: false, blacklist_reason: null });
		expect((await L.verify({ script_id: id, key, ...place })).statusCode).toBe(200);

		expect((await L.owner("POST", `${url}/expire`)).json().key.expires_at).toBe(L.now());
		const expired = await L.verify({ script_id: id, key, ...place });
		expect(expired.statusCode).toBe(403);
		expect(expired.json().error.code).toBe("KEY_EXPIRED");
		expect((await L.owner("GET", url)).json().key).toMatchObject({ id: keyId, note: "renewed", expires_at: L.now() });
		expect((await L.owner("GET", `/scripts/${id}/keys/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
	});

	it("expires a key at its expires_at on the virtual clock", async () => {
		const id = await L.createScript();
		const { key } = await L.createKey(id, { expires_at: L.now() + 60_000 });
		const session = await L.open(id, { key });
		L.advance(59_999);
		expect((await L.heartbeat(session)).json().status).toBe("ok");
		L.advance(2_001); // past the expiry, and past the cache's reload age
		expect((await L.heartbeat(session)).json()).toMatchObject({ status: "terminate", reason: "expired" });
	});
});

describe("documentation", () => {
	it("documents every licensing route in OpenAPI with its schemas", async () => {
		const spec = (await L.t.request({ method: "GET", url: "/openapi.json" })).json();
		for (const [path, method] of [
			["/licensing/scripts/{script_id}", "get"],
			["/licensing/scripts/{script_id}/executions", "get"],
			["/licensing/scripts/{script_id}/edit", "post"],
			["/licensing/scripts/{script_id}/remove", "post"],
			["/licensing/scripts/{script_id}/update", "post"],
			["/licensing/scripts/{script_id}/toggle", "post"],
			["/licensing/scripts/{script_id}/sessions", "post"],
			["/licensing/scripts/{script_id}/sessions/filter", "get"],
			["/licensing/game/verify", "post"],
			["/licensing/game/heartbeat", "post"],
			["/licensing/game/end", "post"],
			["/licensing/projects", "post"],
		]) {
			expect(spec.paths[path]?.[method], `${method} ${path}`).toBeDefined();
		}
		const verify = spec.paths["/licensing/game/verify"].post;
		expect(Object.keys(verify.requestBody.content["application/json"].schema.properties)).toEqual(
			expect.arrayContaining(["script_id", "key", "version", "place_id", "job_id", "roblox_id", "heartbeat"]),
		);
		expect(spec.paths["/licensing/game/heartbeat"].post.description).toContain("key_revoked");
	});
});
