import { describe, expect, it } from "vitest";
import { LuauRuntimeError, startPlace } from "..";
import { startEmptyPlace } from "./support";

describe("the emulated engine", () => {
	it("reports errors Roblox-style: full name of the script, line, message", async () => {
		const place = await startEmptyPlace({
			extraScripts: {
				"ReplicatedStorage.Broken": { className: "ModuleScript", source: "local t = nil\n\nreturn t.field" },
			},
		});
		const error = await place.eval(`return require(game.ReplicatedStorage.Broken)`).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(LuauRuntimeError);
		expect(String(error)).toContain("ReplicatedStorage.Broken:3: attempt to index nil with 'field'");
	});

	it("fails the next step when a spawned thread dies, unless errors are allowed", async () => {
		const strict = await startEmptyPlace();
		await expect(strict.eval(`task.delay(1, function() error("late failure") end)`)).resolves.toBeUndefined();
		await expect(strict.advance(2)).rejects.toThrow(/ServerScriptService\.Eval:1: late failure/);

		const lenient = await startEmptyPlace({ allowErrors: true });
		await lenient.eval(`task.spawn(error, "ignored")`);
		expect(lenient.takeErrors().map((e) => e.message)).toEqual(["ignored"]);
	});

	it("keeps virtual time: task.wait, task.delay and Heartbeat only move when the test advances", async () => {
		const place = await startEmptyPlace();
		await place.eval(`
			_G.log = {}
			task.delay(2, function() table.insert(_G.log, "delay@" .. time()) end)
			task.spawn(function() local waited = task.wait(1) table.insert(_G.log, string.format("wait %.2f", waited)) end)
			local beats = 0
			game:GetService("RunService").Heartbeat:Connect(function() beats += 1 _G.beats = beats end)
		`);
		expect(await place.eval(`return #_G.log`)).toBe(0);
		await place.advance(2.5);
		expect(await place.eval(`return _G.log`)).toEqual(["wait 1.00", "delay@2"]);
		expect(await place.eval(`return _G.beats`)).toBe(150);
		expect(await place.now()).toBeCloseTo(2.5);
	});

	it("resumes a thread that waits again from its wait on the next frame, as Roblox does", async () => {
		// `repeat task.wait() until os.clock() >= t` (ProfileStore's session-conflict wait): the
		// clock only moves between frames, so re-running the loop within one frame never ends.
		// The turn cap makes a regression fail here instead of hanging the (synchronous) VM.
		const place = await startEmptyPlace({ latency: false });
		await place.eval(`
			_G.turns = 0
			task.spawn(function()
				local untilAt = os.clock() + 0.5
				repeat task.wait() _G.turns += 1 until os.clock() >= untilAt or _G.turns > 1000
				_G.doneAt = os.clock()
			end)
			task.delay(0, function() task.delay(0, function() _G.nested = os.clock() end) end)
		`);
		await place.advance(1);
		expect(await place.eval(`return { _G.turns, _G.doneAt, _G.nested }`)).toEqual([30, 0.5, 2 / 60]);
	});

	it("gives Instances, signals and attributes their Roblox shape", async () => {
		const place = await startEmptyPlace();
		const facts = await place.eval(`
			local folder = Instance.new("Folder")
			folder.Name = "Quiz"
			local added, changed = {}, {}
			folder.ChildAdded:Connect(function(c) table.insert(added, c.Name) end)
			folder:GetAttributeChangedSignal("Round"):Connect(function() table.insert(changed, folder:GetAttribute("Round")) end)
			local part = Instance.new("Part", folder)
			part.Name = "Board"
			folder:SetAttribute("Round", 2)
			folder.Parent = workspace
			local ok, err = pcall(function() return folder.Missing end)
			local ok2, err2 = pcall(function() folder:SetAttribute("Bad", {}) end)
			task.wait() -- deferred handlers run at the next resumption point
			return {
				typeofs = { typeof(folder), typeof(folder.ChildAdded), typeof(Vector3.new(1, 2, 3)), type(folder) },
				fullName = part:GetFullName(),
				isA = { part:IsA("BasePart"), part:IsA("Instance"), part:IsA("Model") },
				added = added,
				changed = changed,
				missing = err,
				badAttribute = err2,
			}
		`);
		expect(facts).toEqual({
			typeofs: ["Instance", "RBXScriptSignal", "Vector3", "userdata"],
			fullName: "Workspace.Quiz.Board",
			isA: [true, true, false],
			// Deferred: the handler runs after the part was renamed.
			added: ["Board"],
			changed: [2],
			missing: expect.stringContaining('Missing is not a valid member of Folder "Workspace.Quiz"'),
			badAttribute: expect.stringContaining("table is not a supported attribute type"),
		});
	});

	it("applies Roblox's remote argument rules to what a player receives", async () => {
		const place = await startEmptyPlace();
		const ana = await place.addPlayer("Ana");
		await place.eval(`
			local remote = Instance.new("RemoteEvent")
			remote.Name = "Rules"
			remote.Parent = game.ReplicatedStorage
			local player = game.Players:GetPlayers()[1]
			local mixed = { 1, 2, label = "lost" }
			local sparse = { 1, 2 }
			sparse[4] = 4
			local keyed = { [10] = "ten" }
			remote:FireClient(player, mixed, sparse, print, setmetatable({ a = 1 }, { __index = {} }), Instance.new("Part"), workspace)
		`);
		expect(ana.received("Rules")).toEqual([
			[[1, 2], [1, 2], undefined, { a: 1 }, { instance: "Part", className: "Part" }, { instance: "Workspace", className: "Workspace" }],
		]);
	});

	it("queues remote events that arrive before any handler connects", async () => {
		const place = await startEmptyPlace();
		const ana = await place.addPlayer("Ana");
		await place.eval(`local r = Instance.new("RemoteEvent") r.Name = "Early" r.Parent = game.ReplicatedStorage`);
		await ana.fire("Early", "hello");
		await place.eval(`game.ReplicatedStorage.Early.OnServerEvent:Connect(function(p, msg) _G.got = p.Name .. ":" .. msg end)`);
		expect(await place.eval(`return _G.got`)).toBe("Ana:hello");
	});

	it("records kicks and removes the player", async () => {
		const place = await startEmptyPlace();
		const ana = await place.addPlayer("Ana");
		await place.eval(`game.Players.Ana:Kick("License expired")`);
		expect(ana.kicked).toEqual({ userId: ana.userId, message: "License expired" });
		expect(await place.eval(`return #game.Players:GetPlayers()`)).toBe(0);
	});

	it("delivers MessagingService messages to every server of the universe", async () => {
		const first = await startEmptyPlace();
		const second = await startEmptyPlace({ universe: first.universe });
		await second.eval(`game:GetService("MessagingService"):SubscribeAsync("announce", function(m) _G.heard = m.Data.text end)`);
		await first.eval(`game:GetService("MessagingService"):PublishAsync("announce", { text = "quiz starts" })`);
		await second.settle();
		expect(await second.eval(`return _G.heard`)).toBe("quiz starts");
	});

	it("fails the step on an unhandled Promise rejection, which Roblox would only warn about", async () => {
		const place = await startPlace();
		await place.eval(`
			local TS = require(game.ReplicatedStorage.rbxts_include.RuntimeLib)
			TS.Promise.delay(1):andThen(function() error("quiz board failed to load") end)
		`);
		await expect(place.advance(2)).rejects.toThrow(/Unhandled Promise rejection:[\s\S]*ServerScriptService\.Eval:3: quiz board failed to load/);
	});
});
