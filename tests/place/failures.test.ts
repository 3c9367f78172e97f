import { describe, expect, it } from "vitest";
import { LuauRuntimeError, PlaceBlockedError, startPlace } from "../harness";
import { lineOf, requireBuild } from "./support";

const SERVICE = "ServerScriptService.TS.classroom.RemoteGuard";

describe("a place that goes wrong is reported, not silently tolerated", () => {
	it("fails start-up with the Luau file and line when a service throws in onStart", async () => {
		requireBuild();
		let patched = "";
		const start = startPlace({
			patch: {
				[SERVICE]: (source) =>
					(patched = source.replace(
						"function RemoteGuard:onStart()",
						"function RemoteGuard:onStart()\n\t\tlocal settings = nil\n\t\tlocal interval = settings.interval",
					)),
			},
		});
		const error = await start.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(LuauRuntimeError);
		const line = lineOf(patched, "local interval = settings.interval");
		expect((error as Error).message).toContain(`${SERVICE}:${line}: attempt to index nil with 'interval'`);
		expect((error as LuauRuntimeError).reports[0].traceback).toContain(`${SERVICE}:${line}`);
	});

	it("fails the step that triggers an error in a remote handler, naming file and line", async () => {
		requireBuild();
		// Game remotes run inside RemoteGuard's pcall (an error there is logged, by design), so
		// the faulty handler is a script of the test's own.
		const source = [
			'local remote = Instance.new("RemoteEvent")',
			'remote.Name = "Echo"',
			'remote.Parent = game:GetService("ReplicatedStorage")',
			"remote.OnServerEvent:Connect(function(player, n)",
			"\tremote:FireClient(player, n + nil)",
			"end)",
		].join("\n");
		const place = await startPlace({ extraScripts: { "ServerScriptService.Echo": { className: "Script", source } } });
		const ana = await place.addPlayer("Ana");
		const error = await ana.fire("Echo", 1).catch((e: unknown) => e);
		expect(String(error)).toContain(`ServerScriptService.Echo:${lineOf(source, "n + nil")}: attempt to perform arithmetic`);
		expect(ana.received("Echo")).toEqual([]);
	});

	it("reports a script that waits forever on a missing child as blocked, with what it waits on", async () => {
		const waiter = 'local config = game:GetService("ReplicatedStorage"):WaitForChild("ClassroomConfig")\nprint(config)';
		const start = startPlace({ extraScripts: { "ServerScriptService.Boot": { className: "Script", source: waiter } } });
		const error = await start.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(PlaceBlockedError);
		expect((error as PlaceBlockedError).waits).toEqual([
			expect.objectContaining({ script: "ServerScriptService.Boot", waitingOn: 'ReplicatedStorage:WaitForChild("ClassroomConfig")' }),
		]);
		expect((error as Error).message).toContain("ServerScriptService.Boot:1");
	});

	it("unblocks when the child appears, and warns about the infinite yield meanwhile", async () => {
		const waiter = 'local config = game:GetService("ReplicatedStorage"):WaitForChild("ClassroomConfig")\nprint("got " .. config.Name)';
		const place = await startPlace({ allowBlocked: true, extraScripts: { "ServerScriptService.Boot": { className: "Script", source: waiter } } });
		expect(await place.blocked()).toHaveLength(1);
		await place.advance(6);
		expect(place.output).toContainEqual(
			expect.objectContaining({ kind: "warn", text: `Infinite yield possible on 'ReplicatedStorage:WaitForChild("ClassroomConfig")'` }),
		);
		await place.eval(`local f = Instance.new("Folder") f.Name = "ClassroomConfig" f.Parent = game.ReplicatedStorage`);
		expect(await place.blocked()).toEqual([]);
		expect(place.output).toContainEqual(expect.objectContaining({ kind: "print", text: "got ClassroomConfig", script: "ServerScriptService.Boot" }));
	});
});
