import { beforeAll, describe, expect, it } from "vitest";
import { Place, startPlace } from "../harness";
import { requireBuild } from "./support";

describe("Flamework on the server", () => {
	let place: Place;
	beforeAll(async () => {
		requireBuild();
		place = await startPlace();
	});

	it("ignites services and injects their dependencies through the constructor", async () => {
		const wiring = await place.eval<Record<string, unknown>>(`
			local core = game:GetService("ReplicatedStorage").rbxts_include.node_modules["@flamework"].core.out
			local Flamework = require(core).Flamework
			local clock = Flamework.resolveDependency("server/time/ClockService@ClockService")
			local sessions = Flamework.resolveDependency("server/classroom/SessionService@SessionService")
			return {
				clockClass = tostring(getmetatable(clock)),
				sessionsClass = tostring(getmetatable(sessions)),
				injected = sessions.clock == clock,
				now = clock:now(),
			}
		`);
		expect(wiring).toEqual({
			clockClass: "ClockService",
			sessionsClass: "SessionService",
			injected: true,
			now: expect.any(Number),
		});
		expect(place.errors).toEqual([]);
	});

	it("starts the ClassroomZone component on a part tagged at runtime, with its injected clock", async () => {
		await place.advance(2);
		const startedAt = await place.eval<number>(`
			local part = Instance.new("Part")
			part.Name = "Lab"
			part:SetAttribute("zoneName", "Fractions lab")
			part:AddTag("ClassroomZone")
			part.Parent = workspace
			task.wait()
			return part:GetAttribute("OpenedAt")
		`);
		const serverTime = await place.eval<number>(`return workspace:GetServerTimeNow()`);
		expect(startedAt).toBeGreaterThan(serverTime - 1);
		expect(startedAt).toBeLessThanOrEqual(serverTime);
		expect(place.output).toContainEqual(expect.objectContaining({ kind: "print", text: "[ClassroomZone] Fractions lab is open" }));
		const lab = await place.instance("Workspace.Lab");
		expect(lab?.tags).toEqual(["ClassroomZone"]);
	});

	it("leaves untagged parts alone", async () => {
		const opened = await place.eval(`
			local part = Instance.new("Part")
			part.Parent = workspace
			task.wait()
			return part:GetAttribute("OpenedAt")
		`);
		expect(opened).toBeUndefined();
	});
});
