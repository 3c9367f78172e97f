import { describe, expect, it } from "vitest";
import { startEmptyPlace } from "./support";

const BUILD = `
	local function part(name, x, parent)
		local p = Instance.new("Part")
		p.Name = name
		p.Position = Vector3.new(x, 0, 0)
		p.Parent = parent
		return p
	end
	local zone = Instance.new("Folder")
	zone.Name = "Zone"
	zone.Parent = workspace
	part("Near", 10, zone)
	local far = part("Far", 500, zone)
	far:SetAttribute("Round", 1)
	game:GetService("CollectionService"):AddTag(far, "Board")
	Instance.new("Attachment", far).Name = "Face"
`;

const seen = `local z = workspace.Zone return { near = z:FindFirstChild("Near") ~= nil, far = z:FindFirstChild("Far") ~= nil }`;

describe("StreamingEnabled", () => {
	it("holds only the parts within the radius on a client, streaming them in and out as the player moves", async () => {
		const place = await startEmptyPlace({ streaming: { radius: 100 } });
		await place.eval(BUILD);
		const ana = await place.addPlayer("Ana", { client: true });
		expect(await ana.client.eval(`return { workspace.StreamingEnabled, workspace.StreamingTargetRadius }`)).toEqual([true, 100]);
		expect(await ana.client.eval(seen)).toEqual({ near: true, far: false });
		await ana.client.eval(`
			_G.arrived = {}
			game:GetService("CollectionService"):GetInstanceAddedSignal("Board"):Connect(function(b) table.insert(_G.arrived, b:GetAttribute("Round")) end)
		`);
		// Changes to a part the client does not hold wait for it to stream in.
		await place.eval(`workspace.Zone.Far:SetAttribute("Round", 2)`);
		await ana.moveTo(480, 0, 0);
		await place.advance(0.2);
		expect(await ana.client.eval(seen)).toEqual({ near: false, far: true });
		expect(await ana.client.eval(`return { _G.arrived, workspace.Zone.Far:FindFirstChild("Face") ~= nil }`)).toEqual([[2], true]);
		// A part the server moves into range streams in too.
		await place.eval(`workspace.Zone.Near.Position = Vector3.new(470, 0, 0)`);
		await place.advance(0.5);
		expect(await ana.client.eval(seen)).toEqual({ near: true, far: true });
	});

	it("replicates everything when the place turns streaming off", async () => {
		const place = await startEmptyPlace({ streaming: false });
		await place.eval(BUILD);
		const ana = await place.addPlayer("Ana", { client: true });
		expect(await ana.client.eval(seen)).toEqual({ near: true, far: true });
	});
});
