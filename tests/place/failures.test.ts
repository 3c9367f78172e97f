import { describe, expect, it } from "vitest";
import { LuauRuntimeError, PlaceBlockedError, startPlace } from "../harness";
import { lineOf, requireBuild } from "./support";

/**
 * A Flamework service the test adds next to the game's (under ServerScriptService.TS, which the
 * runtime loads with Flamework.addPaths), written as rbxtsc would compile it. Faults come from
 * test-owned code, never from rewriting the game's compiled Luau.
 */
const FAULTY = "ServerScriptService.TS.faults.FaultyService";
function faultyService(onStart: string): string {
	return `local TS = require(game:GetService("ReplicatedStorage"):WaitForChild("rbxts_include"):WaitForChild("RuntimeLib"))
local core = TS.import(script, game:GetService("ReplicatedStorage"), "rbxts_include", "node_modules", "@flamework", "core", "out")
local FaultyService = setmetatable({}, { __tostring = function() return "FaultyService" end })
FaultyService.__index = FaultyService
function FaultyService.new(...)
	local self = setmetatable({}, FaultyService)
	return self:constructor(...) or self
end
function FaultyService:constructor() end
function FaultyService:onStart()
${onStart}
end
core.Reflect.defineMetadata(FaultyService, "identifier", "server/faults/FaultyService@FaultyService")
core.Reflect.defineMetadata(FaultyService, "flamework:implements", { "$:flamework@OnStart" })
core.Reflect.decorate(FaultyService, "$:flamework@Service", core.Service, {})
return { FaultyService = FaultyService }
`;
}

describe("a place that goes wrong is reported, not silently tolerated", () => {
	it("fails start-up with the Luau file and line when a service throws in onStart", async () => {
		requireBuild();
		const source = faultyService("\tlocal settings = nil\n\tlocal interval = settings.interval");
		const start = startPlace({ extraScripts: { [FAULTY]: { className: "ModuleScript", source } } });
		const error = await start.catch((e: unknown) => e);
		expect(error).toBeInstanceOf(LuauRuntimeError);
		const line = lineOf(source, "local interval = settings.interval");
		expect((error as Error).message).toContain(`${FAULTY}:${line}: attempt to index nil with 'interval'`);
		expect((error as LuauRuntimeError).reports[0].traceback).toContain(`${FAULTY}:${line}`);
	});

	it("fails the step that triggers an error in a remote handler, naming file and line", async () => {
		requireBuild();
		const source = faultyService(`\tlocal remote = Instance.new("RemoteEvent")
	remote.Name = "faultyPing"
	remote.Parent = game:GetService("ReplicatedStorage")
	remote.OnServerEvent:Connect(function(player, sentAt)
		remote:FireClient(player, workspace:GetServerTimeNow() + nil)
	end)`);
		const place = await startPlace({ extraScripts: { [FAULTY]: { className: "ModuleScript", source } } });
		const ana = await place.addPlayer("Ana");
		const error = await ana.fire("faultyPing", 1).catch((e: unknown) => e);
		const line = lineOf(source, "GetServerTimeNow() + nil");
		expect(String(error)).toContain(`${FAULTY}:${line}: attempt to perform arithmetic`);
		expect(ana.received("faultyPing")).toEqual([]);
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
