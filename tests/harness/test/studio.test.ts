/**
 * The Studio emulation's Roblox rules, through a small plugin (fixtures/probePlugin) and Luau run
 * in the edit DataModel: plugin settings' key rules and persistence, ChangeHistoryService
 * recordings (Cancel reverts, Commit is one undo step, redo, one recording at a time, none in
 * Run mode), Selection, RunService in edit mode, per-domain HTTP permission, and web stream
 * clients (SSE messages, the cap of 6 open clients).
 */
import { createServer, type Server } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PluginSettings, startStudio, type Studio } from "../studio/studio";

const here = path.dirname(fileURLToPath(import.meta.url));
const options = { project: path.join(here, "fixtures", "empty.project.json"), plugin: path.join(here, "fixtures", "probePlugin", "default.project.json") };

let server: Server;
let base: string;
beforeAll(async () => {
	server = createServer((req, res) => {
		if (req.url === "/events") {
			res.writeHead(200, { "content-type": "text/event-stream" });
			res.write(": hello\n\nid: 1\nevent: tick\ndata: {\"n\":1}\n\n");
			setTimeout(() => res.end("event: tick\ndata: {\"n\":2}\n\n"), 20);
			return;
		}
		if (req.url === "/hold") {
			res.writeHead(200, { "content-type": "text/event-stream" });
			res.write(": open\n\n");
			return; // held open until the client closes
		}
		res.end("ok");
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
	server.closeAllConnections();
	server.close();
});

const run = <T>(studio: Studio, luau: string) => studio.eval<T>(luau);

describe("Studio emulation", () => {
	it("runs the plugin with `plugin`: toolbar buttons click, one widget per id", async () => {
		const studio = await startStudio(options);
		await studio.clickButton("Probe");
		await studio.clickButton("Probe");
		expect(await run(studio, "return _G.clicks")).toBe(2);
		expect(await run(studio, `
			local info = DockWidgetPluginGuiInfo.new(Enum.InitialDockState.Float, true, false, 200, 100, 100, 50)
			local w = _G.plugin:CreateDockWidgetPluginGuiAsync("W", info)
			local again = pcall(function() _G.plugin:CreateDockWidgetPluginGuiAsync("W", info) end)
			return { w.Enabled, w.ClassName, again, game:GetService("RunService"):IsStudio(), game:GetService("RunService"):IsEdit() }`)).toEqual([true, "DockWidgetPluginGui", false, true, true]);
		await studio.close();
	});

	it("keeps plugin settings with Roblox's key rules, across a Studio restart", async () => {
		const settings = new PluginSettings();
		const studio = await startStudio({ ...options, settings });
		const refused = await run<string[]>(studio, `
			local out = {}
			for _, try in {
				function() _G.plugin:SetSetting("a.b", 1) end,
				function() _G.plugin:SetSetting('a"b', 1) end,
				function() _G.plugin:SetSetting("a\\\\b", 1) end,
				function() _G.plugin:SetSetting("a\\nb", 1) end,
				function() _G.plugin:SetSetting("Key", "back\\\\slash") end,
				function() _G.plugin:SetSetting("Key", workspace) end,
			} do
				local ok, err = pcall(try)
				table.insert(out, ok and "stored" or "refused")
			end
			_G.plugin:SetSetting("Kept", { server = "http://127.0.0.1:8009", n = 3 })
			_G.plugin:SetSetting("Gone", true)
			_G.plugin:SetSetting("Gone", nil)
			return out`);
		expect(refused).toEqual(Array(6).fill("refused"));
		expect([...settings.values.keys()]).toEqual(["Kept"]);
		await studio.close();
		const restarted = await startStudio({ ...options, settings });
		expect(await run(restarted, `return _G.plugin:GetSetting("Kept")`)).toEqual({ server: "http://127.0.0.1:8009", n: 3 });
		expect(await run(restarted, `return _G.plugin:GetSetting("Gone") == nil`)).toBe(true);
		await restarted.close();
	});

	it("records changes: Cancel reverts them, Commit makes one undo step (redo too), one recording at a time, none in Run mode", async () => {
		const studio = await startStudio(options);
		await run(studio, `local f = Instance.new("Folder") f.Name = "Keep" f:SetAttribute("A", 1) f.Parent = workspace`);
		const cancelled = await run(studio, `
			local CHS = game:GetService("ChangeHistoryService")
			local id = CHS:TryBeginRecording("Try")
			local second = CHS:TryBeginRecording("Other")
			local p = Instance.new("Part") p.Name = "New" p.Parent = workspace
			workspace.Keep.Name = "Renamed"
			workspace.Renamed:SetAttribute("A", 2)
			workspace.Renamed:AddTag("T")
			CHS:FinishRecording(id, Enum.FinishRecordingOperation.Cancel)
			local k = workspace:FindFirstChild("Keep")
			return { type(id), second == nil, workspace:FindFirstChild("New") == nil, k ~= nil and k:GetAttribute("A"), k ~= nil and k:HasTag("T"), (CHS:GetCanUndo()) }`);
		expect(cancelled).toEqual(["string", true, true, 1, false, false]);
		await run(studio, `
			local CHS = game:GetService("ChangeHistoryService")
			local id = CHS:TryBeginRecording("Build")
			local m = Instance.new("Model") m.Name = "Built" m.Parent = workspace
			local p = Instance.new("Part") p.Name = "Child" p.Parent = m
			workspace.Keep:Destroy()
			CHS:FinishRecording(id, Enum.FinishRecordingOperation.Commit)`);
		const state = `return { workspace:FindFirstChild("Built") ~= nil and workspace.Built:FindFirstChild("Child") ~= nil, workspace:FindFirstChild("Keep") ~= nil }`;
		expect(await run(studio, state)).toEqual([true, false]);
		await studio.undo();
		expect(await run(studio, state)).toEqual([false, true]);
		expect(await run(studio, `return workspace.Keep:GetAttribute("A")`)).toBe(1);
		await studio.redo();
		expect(await run(studio, state)).toEqual([true, false]);
		await studio.setRunMode(true);
		expect(await run(studio, `return { game:GetService("ChangeHistoryService"):TryBeginRecording("Play") == nil, game:GetService("RunService"):IsEdit() }`)).toEqual([true, false]);
		await studio.close();
	});

	it("selects instances only", async () => {
		const studio = await startStudio(options);
		expect(await run(studio, `
			local S = game:GetService("Selection")
			local f = Instance.new("Folder") f.Parent = workspace
			S:Set({ f })
			local bad = pcall(function() S:Set({ "Workspace" }) end)
			return { #S:Get(), bad }`)).toEqual([1, false]);
		expect(await studio.selection()).toEqual(["Workspace.Folder"]);
		await studio.close();
	});

	it("asks HTTP permission per domain, and streams server-sent events to at most 6 open clients", async () => {
		const studio = await startStudio(options);
		studio.deny("127.0.0.1");
		const denied = await run<[boolean, string]>(studio, `local ok, err = pcall(function() return game:GetService("HttpService"):RequestAsync({ Url = "${base}/", Method = "GET" }) end) return { ok, tostring(err) }`);
		expect(denied[0]).toBe(false);
		expect(denied[1]).toMatch(/does not have permission to send HTTP requests to 127\.0\.0\.1/);
		studio.allow("127.0.0.1");
		expect(await run(studio, `return game:GetService("HttpService"):RequestAsync({ Url = "${base}/", Method = "GET" }).Body`)).toBe("ok");

		await run(studio, `
			_G.messages = {}
			local c = game:GetService("HttpService"):CreateWebStreamClient(Enum.WebStreamClientType.SSE, { Url = "${base}/events", Method = "GET" })
			c.MessageReceived:Connect(function(m) table.insert(_G.messages, m) end)
			c.Closed:Connect(function() _G.closed = true end)`);
		await studio.until(async () => (await run(studio, "return _G.closed == true")) === true, { realMs: 5000 });
		expect(await run(studio, "return _G.messages")).toEqual(['id: 1\nevent: tick\ndata: {"n":1}', 'event: tick\ndata: {"n":2}']);

		const capped = await run<[number, boolean, string, boolean]>(studio, `
			local Http = game:GetService("HttpService")
			local open = {}
			for i = 1, 6 do table.insert(open, Http:CreateWebStreamClient(Enum.WebStreamClientType.SSE, { Url = "${base}/hold", Method = "GET" })) end
			local ok, err = pcall(function() return Http:CreateWebStreamClient(Enum.WebStreamClientType.SSE, { Url = "${base}/hold", Method = "GET" }) end)
			open[1]:Close()
			local again = pcall(function() return Http:CreateWebStreamClient(Enum.WebStreamClientType.SSE, { Url = "${base}/hold", Method = "GET" }) end)
			return { #open, ok, tostring(err), again }`);
		expect(capped[0]).toBe(6);
		expect(capped[1]).toBe(false);
		expect(capped[2]).toMatch(/too many open web stream clients \(at most 6\)/);
		expect(capped[3]).toBe(true);
		await studio.close();
	});
});
