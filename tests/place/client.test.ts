import { beforeAll, describe, expect, it } from "vitest";
import { Place, SimPlayer, startPlace } from "../harness";
import { requireBuild } from "./support";

describe("a player's client runs the client code against the server", () => {
	let place: Place;
	let ana: SimPlayer;
	beforeAll(async () => {
		requireBuild();
		place = await startPlace();
		await place.advance(5);
		ana = await place.addPlayer("Ana", { client: true });
	});

	it("ignites the client's Flamework controllers; the client reads the server clock from the engine", async () => {
		await place.advance(2);
		const serverNow = await place.eval<number>(`return workspace:GetServerTimeNow()`);
		const client = await ana.client.eval<{ quiz: string; now: number }>(`
			local core = game:GetService("ReplicatedStorage").rbxts_include.node_modules["@flamework"].core.out
			local quiz = require(core).Flamework.resolveDependency("client/classroom/QuizController@QuizController")
			return { quiz = tostring(getmetatable(quiz)), now = workspace:GetServerTimeNow() }
		`);
		expect(client.quiz).toBe("QuizController");
		expect(Math.abs(client.now - serverNow)).toBeLessThan(0.1);
		expect(ana.client.errors).toEqual([]);
	});

	it("sees what the server creates under replicated services, but not server-only containers", async () => {
		await place.eval(`
			local board = Instance.new("Part")
			board.Name = "Probe"
			board:SetAttribute("Question", 3)
			board:AddTag("ReplicationProbe")
			board.Parent = workspace
		`);
		const probe = await ana.client.instance("Workspace.Probe");
		expect(probe).toMatchObject({ className: "Part", attributes: { Question: 3 }, tags: ["ReplicationProbe"] });
		expect(await ana.client.instance("ServerScriptService.TS")).toBeUndefined();
		await place.eval(`workspace.Probe:SetAttribute("Question", 4)`);
		expect((await ana.client.instance("Workspace.Probe"))?.attributes).toEqual({ Question: 4 });
	});

	it("keeps secrets and DataStores off the client", async () => {
		const denied = await ana.client.eval<string[]>(`
			local _, a = pcall(function() return game:GetService("DataStoreService"):GetDataStore("Progress") end)
			local _, b = pcall(function() return game:GetService("HttpService"):GetSecret("backend_key") end)
			return { a, b }
		`);
		expect(denied).toEqual([expect.stringContaining("DataStore can't be accessed from client"), expect.stringContaining("only available on the server")]);
	});

	it("feeds key presses to ContextActionService actions, highest priority first, until one sinks", async () => {
		const before = await ana.client.eval<number>(`
			local CAS = game:GetService("ContextActionService")
			_G.seen = {}
			CAS:BindActionAtPriority("low", function(_, state) table.insert(_G.seen, "low " .. state.Name) return Enum.ContextActionResult.Sink end, false, 1, Enum.KeyCode.Q)
			CAS:BindActionAtPriority("high", function(_, state) table.insert(_G.seen, "high " .. state.Name) return Enum.ContextActionResult.Pass end, false, 5, Enum.KeyCode.Q)
			CAS:BindAction("other", function() table.insert(_G.seen, "other") end, false, Enum.KeyCode.E)
			return #_G.seen
		`);
		expect(before).toBe(0);
		await ana.client.pressKey("Q");
		expect(await ana.client.eval(`return _G.seen`)).toEqual(["high Begin", "low Begin", "high End", "low End"]);
	});
});
