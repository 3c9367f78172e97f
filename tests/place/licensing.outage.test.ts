/**
 * Licensing backend outages as players live them: inside the grace period nothing changes;
 * beyond it classroom features stop with a notice; they come back when the backend does. The
 * backend "goes away" behind a loopback proxy: dropped connections (network failure) and 503s.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Place, SimPlayer } from "../harness";
import { lastOf, serviceEval } from "./helpers/classroomPlace";
import { HEARTBEAT_SECONDS, startLicensingBackend, type LicensingBackend } from "./helpers/licensedPlace";
import { requireBuild } from "./support";

const GRACE = 120;
let L: LicensingBackend;

beforeAll(async () => {
	requireBuild();
	L = await startLicensingBackend();
});
afterAll(() => L?.close());

const licence = (place: Place) => serviceEval<{ active: boolean; state: string; reason?: string }>(place, "server/licensing/LicenseService@LicenseService", "return service:current()");
const status = (player: SimPlayer) => lastOf<{ status: string }>(player, "session")?.status;
const notices = (player: SimPlayer) => player.received("licenseNotice").map((a) => a[0] as { active: boolean; message: string });

async function launch(place: Place, teacher: SimPlayer) {
	await teacher.fire("teacherCommand", { kind: "launch", contentId: "fractions" });
	await L.at(place, 10);
}

describe("licensing backend outages", () => {
	it("rides out an outage inside the grace period, stops features beyond it, and brings them back", async () => {
		const scriptId = await L.createScript();
		const place = await L.startPlace({ scriptId, key: await L.createKey(scriptId), license: { graceSeconds: GRACE } });
		const teacher = await place.addPlayer("Teacher", { userId: 1 });
		const ana = await place.addPlayer("Ana", { userId: 2 });
		await launch(place, teacher);
		expect(status(ana)).toBe("waiting");

		// Inside the grace period: invisible to players.
		L.proxy.mode = "down";
		await L.at(place, GRACE - 20);
		expect(await licence(place)).toMatchObject({ active: true });
		L.proxy.mode = "up";
		await L.at(place, HEARTBEAT_SECONDS);
		expect(status(ana)).toBe("waiting");
		expect(notices(ana)).toEqual([]);

		// Beyond it (503s this time): the session ends and players are told; no kick. The grace
		// counts from the last answer (at most one interval before the outage began), and the
		// loss is noticed at the next heartbeat (at most one interval after the grace ends).
		L.proxy.mode = "error";
		await L.at(place, GRACE - HEARTBEAT_SECONDS - 5);
		expect(await licence(place)).toMatchObject({ active: true });
		expect(status(ana)).toBe("waiting");
		await L.at(place, 2 * HEARTBEAT_SECONDS + 5);
		expect(await licence(place)).toMatchObject({ active: false, reason: "unreachable" });
		expect(status(ana)).toBe("ended");
		expect(notices(ana)).toEqual([{ active: false, message: expect.stringContaining("cannot be reached") }]);
		await launch(place, teacher);
		expect(status(ana)).toBe("ended");

		// The backend is back: the next heartbeat restores features and players hear it.
		L.proxy.mode = "up";
		await L.at(place, HEARTBEAT_SECONDS);
		expect(await licence(place)).toMatchObject({ active: true, state: "active" });
		expect(notices(ana).at(-1)).toEqual({ active: true, message: expect.stringContaining("back on") });
		await launch(place, teacher);
		expect(status(ana)).toBe("waiting");
		expect(place.kicks).toEqual([]);
		await place.shutdown();
	});

	it("keeps features off on a server that boots during an outage until it is verified", async () => {
		const scriptId = await L.createScript();
		const key = await L.createKey(scriptId);
		L.proxy.mode = "down";
		const place = await L.startPlace({ scriptId, key, license: { graceSeconds: GRACE } });
		const teacher = await place.addPlayer("Teacher", { userId: 1 });
		const ana = await place.addPlayer("Ana", { userId: 2 });
		await launch(place, teacher);
		expect(await licence(place)).toMatchObject({ active: false, state: "verifying" });
		expect(status(ana) ?? "idle").toBe("idle");

		L.proxy.mode = "up";
		await L.at(place, 15);
		expect(await licence(place)).toMatchObject({ active: true });
		await launch(place, teacher);
		expect(status(ana)).toBe("waiting");
		await place.shutdown();
	});
});
