import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";
import { WebSocket } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.js";
import { createCoreServices } from "../../src/services.js";
import { startTestApp, type TestApp } from "../helpers/testApp.js";
import { TEST_DB_KIND } from "../helpers/testDatabase.js";
import { TEST_REDIS_URL, redisReachable } from "../helpers/testRedis.js";

// Issue 17 finding 2: authority follows the account. Disabling, demoting or deleting a user
// stops their access tokens, the keys they minted and their open sockets within 2 s.
let t: TestApp;
let wsBase: string;
let schoolId: string;
let admin: { id: string; token: string };
const sockets: WebSocket[] = [];

beforeAll(async () => {
	t = await startTestApp();
	await t.app.listen({ port: 0, host: "127.0.0.1" });
	wsBase = `ws://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
	schoolId = (await t.createSchool()).id;
	admin = await t.createUser({ role: "admin", schoolId });
});
afterAll(async () => {
	for (const ws of sockets) ws.close();
	await t.close();
});

const me = (token: string) => t.request({ method: "GET", url: "/v2/users/me", token }).then((r) => r.statusCode);
const patchUser = (id: string, payload: object) => t.request({ method: "PATCH", url: `/v2/users/${id}`, token: admin.token, payload });
const deleteUser = (id: string) => t.request({ method: "DELETE", url: `/v2/users/${id}`, token: admin.token });

async function mintPlaceKey(token: string): Promise<{ id: string; key: string }> {
	const res = await t.request({ method: "POST", url: "/v2/roblox/place-keys", token, payload: { universeId: "42", placeId: "4242" } });
	expect(res.statusCode).toBe(201);
	return res.json();
}
// A place with no lesson yet: a valid key gets 404 (no content), a refused one 401.
const placeProbe = (key: string) => t.request({ method: "GET", url: "/v2/roblox/places/4242/content", token: key }).then((r) => r.statusCode);
const ACCEPTED = 404;

async function mintOwnerKey(token: string): Promise<{ projectId: string; key: string }> {
	const res = await t.request({ method: "POST", url: "/licensing/projects", token, payload: { name: "P" } });
	expect(res.statusCode).toBe(200);
	return { projectId: res.json().project.id, key: res.json().owner_key.key };
}
const ownerProbe = (key: string) => t.request({ method: "GET", url: "/licensing/scripts", token: key }).then((r) => r.statusCode);

/** Opens a socket and resolves once the first frame arrived; `closed` resolves with the close code. */
async function openSocket(url: string, firstFrame?: object) {
	const ws = new WebSocket(url);
	sockets.push(ws);
	const frames: any[] = [];
	const closed = new Promise<number>((resolve) => ws.addEventListener("close", (e) => resolve(e.code)));
	// A socket closed before any frame resolves `first` as { type: "closed" } instead of hanging.
	const first = new Promise<any>((resolve) => {
		ws.addEventListener("message", (e) => {
			const frame = JSON.parse(String(e.data));
			frames.push(frame);
			resolve(frame);
		});
		void closed.then((code) => resolve({ type: "closed", code }));
	});
	if (firstFrame) await new Promise<void>((resolve) => ws.addEventListener("open", () => (ws.send(JSON.stringify(firstFrame)), resolve())));
	return { ws, frames, closed, first: await first };
}

/** Resolves with the close code, or rejects when the socket is still open after `ms`. */
function closedWithin(closed: Promise<number>, ms: number): Promise<number> {
	return Promise.race([closed, new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms))]);
}

describe("disable", () => {
	it("stops the access token, the place key and the owner key the user minted, and closes sockets with 4403", async () => {
		const teacher = await t.createUser({ role: "teacher", schoolId });
		const place = await mintPlaceKey(teacher.token);
		const owner = await mintOwnerKey(teacher.token);
		expect(await placeProbe(place.key)).toBe(ACCEPTED);
		expect(await ownerProbe(owner.key)).toBe(200);
		const progress = await openSocket(`${wsBase}/v2/ws/progress?token=${teacher.token}`);
		expect(progress.first.type).toBe("ready");
		const classroom = await openSocket(`${wsBase}/v2/roblox/ws`, { type: "auth", token: place.key });
		expect(classroom.first).toMatchObject({ type: "auth", status: "authenticated" });

		const started = Date.now();
		expect((await patchUser(teacher.id, { status: "disabled" })).statusCode).toBe(200);
		expect(await me(teacher.token)).toBe(401);
		// The attack from the report: a disabled teacher minting a place key.
		expect((await t.request({ method: "POST", url: "/v2/roblox/place-keys", token: teacher.token, payload: { universeId: "1", placeId: "2" } })).statusCode).toBe(401);
		expect(await placeProbe(place.key)).toBe(401);
		expect(await ownerProbe(owner.key)).toBe(401);
		expect(await closedWithin(progress.closed, 2000)).toBe(4403);
		expect(await closedWithin(classroom.closed, 2000)).toBe(4403);
		expect(Date.now() - started).toBeLessThan(2000);

		// Re-enabling gives the keys back (they were suspended, not revoked); old tokens stay dead.
		expect((await patchUser(teacher.id, { status: "active" })).statusCode).toBe(200);
		expect(await placeProbe(place.key)).toBe(ACCEPTED);
		expect(await ownerProbe(owner.key)).toBe(200);
		expect(await me(teacher.token)).toBe(401);
	});
});

describe("bot workspace keys", () => {
	it("stop while the admin who minted them is disabled; another admin re-assigns them", async () => {
		const minter = await t.createUser({ role: "admin" });
		const call = (token: string, method: "POST" | "PUT", url: string, payload?: object) => t.request({ method, url, token, payload });
		const tenant = (await call(minter.token, "POST", "/bot/admin/tenants", { name: "T" })).json().data;
		const workspace = (await call(minter.token, "POST", "/bot/admin/workspaces", { tenantId: tenant.id, name: "W", robloxGroupId: "7", discordGuildIds: ["100000000000000001"] })).json().data;
		const { key } = (await call(minter.token, "POST", `/bot/admin/workspaces/${workspace.id}/api-key`)).json().data;
		// Past authentication, the route answers 503 (no Discord OAuth configured here): the key was accepted.
		const probe = () => t.request({ method: "POST", url: "/bot/verification-sessions", token: key, payload: { discordUserId: "300000000000000001" } }).then((r) => r.statusCode);
		expect(await probe()).toBe(503);
		expect((await patchUser(minter.id, { status: "disabled" })).statusCode).toBe(200);
		expect(await probe()).toBe(401);
		expect((await call(admin.token, "PUT", `/bot/admin/workspaces/${workspace.id}/api-key/owner`, { ownerId: admin.id })).statusCode).toBe(200);
		expect(await probe()).toBe(503);
	});
});

describe("demote", () => {
	it("stops a teacher demoted to parent from reading the class roster with the old token", async () => {
		const teacher = await t.createUser({ role: "teacher", schoolId });
		const student = await t.createUser({ role: "student", schoolId });
		const cls = await t.createClass({ schoolId, teacherId: teacher.id, studentIds: [student.id] });
		const roster = () => t.request({ method: "GET", url: `/v2/classes/${cls.id}/students`, token: teacher.token }).then((r) => r.statusCode);
		expect(await roster()).toBe(200);
		const socket = await openSocket(`${wsBase}/v2/ws?token=${teacher.token}`);
		expect(socket.first.type).toBe("ready");

		expect((await patchUser(teacher.id, { role: "parent" })).statusCode).toBe(200);
		expect(await roster()).toBe(401);
		expect(await closedWithin(socket.closed, 2000)).toBe(4403);
		// Signing in again gives a parent's token, which the roster refuses as it should.
		const login = await t.request({ method: "POST", url: "/v2/auth/login", payload: { email: `${teacher.username}@example.test`, password: "correct horse battery staple" } });
		expect(login.statusCode).toBe(200);
		expect((await t.request({ method: "GET", url: `/v2/classes/${cls.id}/students`, token: login.json().data.access_token })).statusCode).toBe(403);
	});

	it("a changed password stops the old access token too", async () => {
		const teacher = await t.createUser({ role: "teacher", schoolId });
		const res = await t.request({ method: "PATCH", url: "/v2/users/me", token: teacher.token, payload: { current_password: "correct horse battery staple", new_password: "another long passphrase 42" } });
		expect(res.statusCode).toBe(200);
		expect(await me(teacher.token)).toBe(401);
	});
});

describe("delete", () => {
	it("stops the token and the minted keys; an admin re-assigning the keys brings them back", async () => {
		const teacher = await t.createUser({ role: "teacher", schoolId });
		const place = await mintPlaceKey(teacher.token);
		const owner = await mintOwnerKey(teacher.token);
		const socket = await openSocket(`${wsBase}/api/v1/roblox/ws?token=${teacher.token}`);
		expect(socket.first.type).toBe("authenticated");

		expect((await deleteUser(teacher.id)).statusCode).toBe(200);
		expect(await me(teacher.token)).toBe(401);
		expect(await placeProbe(place.key)).toBe(401);
		expect(await ownerProbe(owner.key)).toBe(401);
		expect(await closedWithin(socket.closed, 2000)).toBe(4403);

		const heir = await t.createUser({ role: "teacher", schoolId });
		const student = await t.createUser({ role: "student", schoolId });
		// Only an admin re-assigns, and only to an active teacher or admin of the key's school.
		expect((await t.request({ method: "PUT", url: `/v2/roblox/place-keys/${place.id}/owner`, token: heir.token, payload: { ownerId: heir.id } })).statusCode).toBe(403);
		expect((await t.request({ method: "PUT", url: `/v2/roblox/place-keys/${place.id}/owner`, token: admin.token, payload: { ownerId: student.id } })).statusCode).toBe(400);
		const moved = await t.request({ method: "PUT", url: `/v2/roblox/place-keys/${place.id}/owner`, token: admin.token, payload: { ownerId: heir.id } });
		expect(moved.statusCode).toBe(200);
		expect(moved.json().ownerId).toBe(heir.id);
		expect(await placeProbe(place.key)).toBe(ACCEPTED);
		expect((await t.request({ method: "PUT", url: `/licensing/projects/${owner.projectId}/owner`, token: heir.token, payload: { owner_id: heir.id } })).statusCode).toBe(403);
		const project = await t.request({ method: "PUT", url: `/licensing/projects/${owner.projectId}/owner`, token: admin.token, payload: { owner_id: heir.id } });
		expect(project.statusCode).toBe(200);
		expect(await ownerProbe(owner.key)).toBe(200);
	});
});

describe("expiry", () => {
	it("closes an open socket with 4401 when its token expires, and refuses the token over HTTP from then on", async () => {
		const teacher = await t.createUser({ role: "teacher", schoolId });
		// Same claims as the server's tokens, signed with the test secret, expiring in 4 s.
		const short = await new SignJWT({ role: "teacher", sch: schoolId, tier: "standard", ep: 0 })
			.setProtectedHeader({ alg: "HS256" })
			.setSubject(teacher.id)
			.setIssuedAt()
			.setExpirationTime(Math.floor(Date.now() / 1000) + 4)
			.sign(new TextEncoder().encode(t.config.JWT_SECRET));
		// Used before it expires, so a server remembering verified tokens has it remembered.
		expect((await t.request({ method: "GET", url: "/v2/users/me", token: short })).statusCode).toBe(200);
		const progress = await openSocket(`${wsBase}/v2/ws/progress?token=${short}`);
		expect(progress.first.type).toBe("ready");
		const roblox = await openSocket(`${wsBase}/api/v1/roblox/ws?token=${short}`);
		expect(roblox.first.type).toBe("authenticated");
		const classroom = await openSocket(`${wsBase}/v2/roblox/ws`, { type: "auth", token: short });
		expect(classroom.first).toMatchObject({ status: "authenticated" });
		expect(await closedWithin(progress.closed, 6000)).toBe(4401);
		expect(await closedWithin(roblox.closed, 6000)).toBe(4401);
		expect(await closedWithin(classroom.closed, 6000)).toBe(4401);
		expect((await t.request({ method: "GET", url: "/v2/users/me", token: short })).statusCode).toBe(401);
	});
});


// Two processes on one database and one Redis: B has the user's standing cached and the
// socket open; A disables the user. B must refuse and close within 2 s.
describe.runIf(TEST_DB_KIND === "pglite" && (await redisReachable()))("two instances sharing Redis", () => {
	it("a disable on instance A stops the token and closes the socket on instance B", async () => {
		const a = await startTestApp({ REDIS_URL: TEST_REDIS_URL });
		const servicesB = await createCoreServices(a.config, { database: a.services.database });
		const b = await buildApp(servicesB);
		try {
			await b.listen({ port: 0, host: "127.0.0.1" });
			const schoolA = (await a.createSchool()).id;
			const adminA = await a.createUser({ role: "admin", schoolId: schoolA });
			const teacher = await a.createUser({ role: "teacher", schoolId: schoolA });
			const onB = () => b.inject({ method: "GET", url: "/v2/users/me", headers: { authorization: `Bearer ${teacher.token}` } }).then((r) => r.statusCode);
			expect(await onB()).toBe(200);
			const socket = await openSocket(`ws://127.0.0.1:${(b.server.address() as AddressInfo).port}/v2/ws/progress?token=${teacher.token}`);
			expect(socket.first.type).toBe("ready");
			await servicesB.hub.ready();

			const started = Date.now();
			expect((await a.request({ method: "PATCH", url: `/v2/users/${teacher.id}`, token: adminA.token, payload: { status: "disabled" } })).statusCode).toBe(200);
			expect(await closedWithin(socket.closed, 2000)).toBe(4403);
			let status = await onB();
			while (status !== 401 && Date.now() - started < 2000) status = await new Promise((r) => setTimeout(r, 50)).then(onB);
			expect(status).toBe(401);
			expect(Date.now() - started).toBeLessThan(2000);
		} finally {
			await b.close();
			await servicesB.close();
			await a.close();
		}
	});
});
