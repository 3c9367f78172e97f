import type { FastifyServerOptions, LightMyRequestResponse } from "fastify";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

/**
 * A backend on a virtual clock with one project (owned by a teacher) and its owner key, plus
 * shorthands for the licensing routes. Time moves only through `advance`.
 */
export interface LicensingApp {
	t: TestApp;
	now(): number;
	advance(ms: number): void;
	setNow(ms: number): void;
	teacherToken: string;
	projectId: string;
	ownerKey: string;
	/** Calls a licensing route with the owner key (or `key`), as JSON. */
	owner(method: "GET" | "POST", url: string, payload?: unknown, key?: string): Promise<LightMyRequestResponse>;
	createScript(body?: Record<string, unknown>, key?: string): Promise<string>;
	createKey(scriptId: string, body?: Record<string, unknown>): Promise<{ id: string; key: string }>;
	verify(body: Record<string, unknown>, ip?: string): Promise<LightMyRequestResponse>;
	heartbeat(sessionId: string): Promise<LightMyRequestResponse>;
	/** Verifies with defaults (version 1, place 606849621, creator 10234711811) and returns the session id. */
	open(scriptId: string, extra?: Record<string, unknown>): Promise<string>;
	close(): Promise<void>;
}

export const HEARTBEAT_SECONDS = 30;
export const INTERVAL_MS = HEARTBEAT_SECONDS * 1000;

export async function startLicensing(options: { start?: number; env?: Record<string, string>; logger?: FastifyServerOptions["logger"] } = {}): Promise<LicensingApp> {
	let now = options.start ?? Date.UTC(2026, 2, 10, 12, 0, 0);
	const t = await startTestApp({ RATE_LIMIT_ANONYMOUS: "1000000", LICENSING_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS), ...options.env }, { clock: () => now, logger: options.logger });
	const school = await t.createSchool();
	const teacher = await t.createUser({ role: "teacher", schoolId: school.id });
	const created = await t.request({ method: "POST", url: "/licensing/projects", token: teacher.token, payload: { name: "Framework" } });
	if (created.statusCode !== 200) throw new Error(`project create failed: ${created.body}`);
	const { project, owner_key } = created.json();

	const app: LicensingApp = {
		t,
		now: () => now,
		advance: (ms) => void (now += ms),
		setNow: (ms) => void (now = ms),
		teacherToken: teacher.token,
		projectId: project.id,
		ownerKey: owner_key.key,
		owner(method, url, payload, key = owner_key.key) {
			return t.request({ method, url: `/licensing${url}`, payload: payload as never, headers: { authorization: `Bearer ${key}` } });
		},
		async createScript(body = {}, key) {
			const res = await app.owner("POST", "/scripts", { name: "Classroom", ...body }, key);
			if (res.statusCode !== 200) throw new Error(`script create failed: ${res.body}`);
			return res.json().script.id;
		},
		async createKey(scriptId, body = {}) {
			const res = await app.owner("POST", `/scripts/${scriptId}/keys`, body);
			if (res.statusCode !== 200) throw new Error(`key create failed: ${res.body}`);
			return res.json().key;
		},
		verify(body, ip = "127.0.0.1") {
			return t.app.inject({ method: "POST", url: "/licensing/game/verify", payload: body, remoteAddress: ip });
		},
		heartbeat(sessionId) {
			return t.request({ method: "POST", url: "/licensing/game/heartbeat", payload: { session_id: sessionId } });
		},
		async open(scriptId, extra = {}) {
			const res = await app.verify({ script_id: scriptId, version: 1, place_id: 606849621, job_id: `job-${Math.random()}`, roblox_id: 10234711811, ...extra });
			if (res.statusCode !== 200) throw new Error(`verify failed: ${res.body}`);
			const id = res.json().session_id;
			if (!id) throw new Error("verify opened no session");
			return id;
		},
		close: () => t.close(),
	};
	return app;
}
