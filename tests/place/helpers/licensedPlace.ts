/**
 * The real licensing backend (server/src on PGlite, a virtual clock) behind a switchable
 * loopback proxy, an owner project with its owner key, and places started with a
 * ServerStorage.LicenseConfig module and the licence key as the `classroom_license_key` secret.
 * The backend's clock follows the place's virtual clock: `at` advances both in small steps.
 */
import type { AddressInfo } from "node:net";
import { jsonToLuau } from "../../harness/rojo/jsonToLuau";
import { Place, startPlace, Universe, publish } from "../../harness";
import { startTestApp, type TestApp } from "../../../server/test/helpers/testApp";
import { fractionsLesson, NO_BACKEND } from "./classroomPlace";
import { startSwitchableProxy, type SwitchableProxy } from "./switchableProxy";

export const HEARTBEAT_SECONDS = 30;

export interface LicensingBackend {
	backend: TestApp;
	proxy: SwitchableProxy;
	owner<T = Record<string, unknown>>(method: "GET" | "POST", url: string, payload?: unknown): Promise<{ status: number; body: T }>;
	createScript(body?: Record<string, unknown>): Promise<string>;
	createKey(scriptId: string): Promise<string>;
	script(scriptId: string): Promise<{ total_executions: number; total_sessions: number; total_instances: number; version: number }>;
	/** Live sessions of a script, newest first. */
	sessions(scriptId: string): Promise<{ id: string; version: number; ended?: unknown }[]>;
	startPlace(options: { scriptId: string; key?: string; version?: number; license?: Record<string, unknown> }): Promise<Place>;
	/** Advances the place (and the backend clock with it) by `seconds`, in steps of at most 5 s. */
	at(place: Place, seconds: number): Promise<void>;
	close(): Promise<void>;
}

export async function startLicensingBackend(): Promise<LicensingBackend> {
	const clock = { ms: Date.UTC(2026, 0, 5, 9, 0, 0) };
	const epochs = new Map<Place, number>();
	const backend = await startTestApp({ RATE_LIMIT_ANONYMOUS: "1000000", LICENSING_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS) }, { clock: () => clock.ms });
	await backend.app.listen({ port: 0, host: "127.0.0.1" });
	const proxy = await startSwitchableProxy(`http://127.0.0.1:${(backend.app.server.address() as AddressInfo).port}`);
	const school = await backend.createSchool();
	const teacher = await backend.createUser({ role: "teacher", schoolId: school.id });
	const project = await backend.request({ method: "POST", url: "/licensing/projects", token: teacher.token, payload: { name: "Classroom framework" } });
	if (project.statusCode !== 200) throw new Error(`project: ${project.body}`);
	const ownerKey: string = project.json().owner_key.key;
	const lesson = await fractionsLesson(3);

	const sync = async (place: Place) => {
		clock.ms = Math.max(clock.ms, Math.round((epochs.get(place)! + (await place.now())) * 1000));
	};
	const api: LicensingBackend = {
		backend,
		proxy,
		async owner(method, url, payload) {
			const res = await backend.request({ method, url: `/licensing${url}`, payload: payload as never, headers: { authorization: `Bearer ${ownerKey}` } });
			return { status: res.statusCode, body: res.json() };
		},
		async createScript(body = {}) {
			const res = await api.owner<{ script: { id: string } }>("POST", "/scripts", { name: "Classroom", script: "v1", ...body });
			if (res.status !== 200) throw new Error(`script: ${JSON.stringify(res.body)}`);
			return res.body.script.id;
		},
		async createKey(scriptId) {
			const res = await api.owner<{ key: { key: string } }>("POST", `/scripts/${scriptId}/keys`, { note: "test school" });
			if (res.status !== 200) throw new Error(`key: ${JSON.stringify(res.body)}`);
			return res.body.key.key;
		},
		async script(scriptId) {
			return (await api.owner<{ script: never }>("GET", `/scripts/${scriptId}`)).body.script;
		},
		async sessions(scriptId) {
			return (await api.owner<{ sessions: never[] }>("POST", `/scripts/${scriptId}/sessions`, {})).body.sessions;
		},
		async startPlace({ scriptId, key, version = 1, license = {} }) {
			const universe = new Universe();
			if (key !== undefined) universe.setSecret("classroom_license_key", key);
			const epoch = Math.ceil(clock.ms / 1000) + 1;
			const place = await startPlace({
				universe,
				epoch,
				extraScripts: {
					"ServerStorage.ClassroomConfig": { className: "ModuleScript", source: jsonToLuau({ backendUrl: NO_BACKEND, teacherUserIds: [1], contentPollInterval: 0 }) },
					"ServerStorage.LicenseConfig": { className: "ModuleScript", source: jsonToLuau({ scriptId, version, backendUrl: publish(proxy.url), ...license }) },
					"ServerStorage.ClassroomContent.fractions": { className: "ModuleScript", source: jsonToLuau(lesson) },
				},
			});
			epochs.set(place, epoch);
			await sync(place);
			// The boot check is an HTTP round trip (latency in virtual time): start-up is over once
			// it has answered, as a live server's would be a moment after boot.
			await place.advance(2);
			await sync(place);
			return place;
		},
		async at(place, seconds) {
			for (let left = seconds; left > 1e-9; left -= 5) {
				await place.advance(Math.min(5, left));
				await sync(place);
			}
		},
		async close() {
			await proxy.close();
			await backend.close();
		},
	};
	return api;
}
