/**
 * The place's LicenseService against the real licensing backend: a licensed place verifies on
 * boot and keeps a heartbeat session; the owner's toggle, update + kick_outdated, free_for_all
 * and a wrong key each reach players as the README promises; the licence never reaches a client.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Place, SimPlayer } from "../harness";
import { lastOf, serviceEval } from "./helpers/classroomPlace";
import { HEARTBEAT_SECONDS, startLicensingBackend, type LicensingBackend } from "./helpers/licensedPlace";
import { requireBuild } from "./support";

const LICENSE = "server/licensing/LicenseService@LicenseService";
let L: LicensingBackend;

beforeAll(async () => {
	requireBuild();
	L = await startLicensingBackend();
});
afterAll(() => L?.close());

const licence = (place: Place) => serviceEval<{ active: boolean; state: string; reason?: string }>(place, LICENSE, "return service:current()");
const status = (player: SimPlayer) => lastOf<{ status: string }>(player, "session")?.status;
const notices = (player: SimPlayer) => player.received("licenseNotice").map((a) => a[0] as { active: boolean; message: string });

async function classroom(place: Place) {
	const teacher = await place.addPlayer("Teacher", { userId: 1 });
	const ana = await place.addPlayer("Ana", { userId: 2 });
	await L.at(place, 1);
	return { teacher, ana };
}

/** Launches the lesson (the classroom backend is unreachable: the session runs offline after retries). */
async function launch(place: Place, teacher: SimPlayer) {
	await teacher.fire("teacherCommand", { kind: "launch", contentId: "fractions" });
	await L.at(place, 10);
}

describe("a licensed place", () => {
	it("verifies on boot, runs a classroom session and keeps its licence session alive with heartbeats", async () => {
		const scriptId = await L.createScript();
		const key = await L.createKey(scriptId);
		const place = await L.startPlace({ scriptId, key });
		expect(await licence(place)).toMatchObject({ active: true, state: "active" });
		const { teacher, ana } = await classroom(place);
		await launch(place, teacher);
		expect(status(ana)).toBe("waiting");

		await L.at(place, 4 * HEARTBEAT_SECONDS);
		// Alive after more than 3 intervals: the heartbeats arrived.
		expect(await L.script(scriptId)).toMatchObject({ total_executions: 1, total_sessions: 1, total_instances: 1 });
		expect(L.proxy.hits.filter((p) => p === "/licensing/game/heartbeat").length).toBeGreaterThanOrEqual(4);
		expect(status(ana)).toBe("waiting");
		expect(notices(ana)).toEqual([]);

		// Nothing any client received carries the key, the script id or the licence session id.
		const [session] = await L.sessions(scriptId);
		const wire = JSON.stringify([teacher.inbox, ana.inbox]);
		for (const secret of [key, scriptId, session.id]) expect(wire).not.toContain(secret);

		await place.shutdown();
		expect(await L.script(scriptId)).toMatchObject({ total_instances: 0 });
	});

	it("ends the classroom within one heartbeat interval when the owner toggles the script off, and tells players why", async () => {
		const scriptId = await L.createScript();
		const place = await L.startPlace({ scriptId, key: await L.createKey(scriptId), license: { recheckSeconds: 60 } });
		const { teacher, ana } = await classroom(place);
		await launch(place, teacher);
		expect(status(ana)).toBe("waiting");

		expect((await L.owner("POST", `/scripts/${scriptId}/toggle`, { state: false })).status).toBe(200);
		await L.at(place, HEARTBEAT_SECONDS);
		expect(status(ana)).toBe("ended");
		expect(await licence(place)).toMatchObject({ active: false, reason: "disabled" });
		expect(notices(ana)).toEqual([{ active: false, message: expect.stringContaining("disabled") }]);
		expect(place.kicks).toEqual([]);

		// A relaunch is refused; a player joining now is told too.
		await launch(place, teacher);
		expect(status(ana)).toBe("ended");
		const late = await place.addPlayer("Late", { userId: 9 });
		await L.at(place, 1);
		expect(notices(late)).toEqual([{ active: false, message: expect.stringContaining("disabled") }]);

		// Switched back on: the next recheck verifies again and features return.
		expect((await L.owner("POST", `/scripts/${scriptId}/toggle`, { state: true })).status).toBe(200);
		await L.at(place, 60);
		expect(await licence(place)).toMatchObject({ active: true, state: "active" });
		expect(notices(ana).at(-1)).toEqual({ active: true, message: expect.stringContaining("back on") });
		await launch(place, teacher);
		expect(status(ana)).toBe("waiting");
		await place.shutdown();
	});

	it("kicks players of an older running version after update + kick_outdated, naming the required version", async () => {
		const scriptId = await L.createScript();
		const place = await L.startPlace({ scriptId, key: await L.createKey(scriptId), version: 1 });
		const { teacher, ana } = await classroom(place);
		await launch(place, teacher);

		expect((await L.owner("POST", `/scripts/${scriptId}/edit`, { kick_outdated: true })).status).toBe(200);
		expect((await L.owner("POST", `/scripts/${scriptId}/update`, { script: "v2" })).body).toMatchObject({ version: 2 });
		await L.at(place, HEARTBEAT_SECONDS);
		expect(place.kicks.map((k) => k.userId).sort()).toEqual([1, 2]);
		for (const kick of place.kicks) expect(kick.message).toMatch(/version 2 is required/);
		expect(ana.kicked).toBeTruthy();

		const late = await place.addPlayer("Late", { userId: 9 });
		await L.at(place, 1);
		expect(place.kicks.find((k) => k.userId === 9)?.message).toMatch(/version 2/);
		await place.shutdown();
	});

	it("boots a free_for_all script with no key", async () => {
		const scriptId = await L.createScript({ free_for_all: true });
		const place = await L.startPlace({ scriptId });
		expect(await licence(place)).toMatchObject({ active: true });
		const { teacher, ana } = await classroom(place);
		await launch(place, teacher);
		expect(status(ana)).toBe("waiting");
		expect(await L.script(scriptId)).toMatchObject({ total_executions: 1, total_instances: 1 });
		await place.shutdown();
	});

	it("never starts classroom features with a wrong key", async () => {
		const scriptId = await L.createScript();
		await L.createKey(scriptId);
		const place = await L.startPlace({ scriptId, key: "lk_not-the-key", license: { recheckSeconds: 60 } });
		expect(await licence(place)).toMatchObject({ active: false, reason: "invalid_key" });
		const { teacher, ana } = await classroom(place);
		expect(notices(ana)).toEqual([{ active: false, message: expect.stringContaining("no valid licence key") }]);
		for (let i = 0; i < 3; i++) {
			await launch(place, teacher);
			await L.at(place, 60);
		}
		expect(status(ana) ?? "idle").toBe("idle");
		expect(await licence(place)).toMatchObject({ active: false });
		expect(await L.script(scriptId)).toMatchObject({ total_executions: 0, total_sessions: 0 });
		await place.shutdown();
	});
});
