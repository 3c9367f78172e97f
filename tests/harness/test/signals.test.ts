import { describe, expect, it } from "vitest";
import { startEmptyPlace } from "./support";

const THREE_HANDLERS = `
	_G.log = {}
	local event = Instance.new("BindableEvent")
	for i = 1, 3 do
		event.Event:Connect(function(v) table.insert(_G.log, i .. ":" .. v) end)
	end
	event:Fire("a")
	table.insert(_G.log, "after Fire")
	return _G.log
`;

describe("signal behaviour", () => {
	it("defers handlers to the next resumption point, in no promised order (Deferred, the default)", async () => {
		const place = await startEmptyPlace({ seed: 3 });
		expect(await place.eval(THREE_HANDLERS)).toEqual(["after Fire"]);
		const log = await place.eval<string[]>(`return _G.log`);
		expect(log[0]).toBe("after Fire");
		expect([...log.slice(1)].sort()).toEqual(["1:a", "2:a", "3:a"]);
		expect(log.slice(1)).not.toEqual(["1:a", "2:a", "3:a"]);
	});

	it("runs handlers inline in connection order when asked for Immediate", async () => {
		const place = await startEmptyPlace({ signals: { behavior: "Immediate", order: "connection" } });
		expect(await place.eval(THREE_HANDLERS)).toEqual(["1:a", "2:a", "3:a", "after Fire"]);
		const reversed = await startEmptyPlace({ signals: { behavior: "Immediate", order: "reverse" } });
		expect(await reversed.eval(THREE_HANDLERS)).toEqual(["3:a", "2:a", "1:a", "after Fire"]);
	});

	it("drops a deferred call to a handler disconnected before its turn; Once still runs once", async () => {
		const place = await startEmptyPlace();
		await place.eval(`
			_G.log = {}
			local event = Instance.new("BindableEvent")
			local conn = event.Event:Connect(function() table.insert(_G.log, "late") end)
			event.Event:Once(function(v) table.insert(_G.log, "once " .. v) end)
			event:Fire(1)
			event:Fire(2)
			conn:Disconnect()
		`);
		expect(await place.eval(`return _G.log`)).toEqual(["once 1"]);
	});

	it("resumes Wait() at the resumption point with the fired values; PlayerAdded handlers see the player after addPlayer", async () => {
		const place = await startEmptyPlace();
		await place.eval(`
			_G.joined = {}
			game.Players.PlayerAdded:Connect(function(p) table.insert(_G.joined, p.Name) end)
			task.spawn(function() local p = game.Players.PlayerAdded:Wait() _G.waited = p.Name end)
		`);
		await place.addPlayer("Ana");
		expect(await place.eval(`return { _G.joined, _G.waited }`)).toEqual([["Ana"], "Ana"]);
	});
});
