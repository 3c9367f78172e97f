import { describe, expect, it } from "vitest";
import { Universe } from "..";
import { startEmptyPlace } from "./support";

const FACTS = `
	local Http = game:GetService("HttpService")
	return {
		jobId = game.JobId, placeId = game.PlaceId, gameId = game.GameId,
		studio = game:GetService("RunService"):IsStudio(),
		guid = Http:GenerateGUID(false), random = Random.new():NextInteger(1, 1e9), mathRandom = math.random(1, 1e9),
	}`;

interface Facts {
	jobId: string;
	placeId: number;
	gameId: number;
	studio: boolean;
	guid: string;
	random: number;
	mathRandom: number;
}

describe("who a server is", () => {
	it("gives every server of a universe its own JobId and random sequences, and one PlaceId", async () => {
		const universe = new Universe();
		const first = await startEmptyPlace({ universe });
		const second = await startEmptyPlace({ universe });
		const a = await first.eval<Facts>(FACTS);
		const b = await second.eval<Facts>(FACTS);
		expect(a.jobId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(b.jobId).not.toBe(a.jobId);
		expect([a.guid, a.random, a.mathRandom]).not.toEqual([b.guid, b.random, b.mathRandom]);
		expect(a.guid).not.toBe(b.guid);
		expect(a.random).not.toBe(b.random);
		expect([a.placeId, a.gameId]).toEqual([universe.placeId, universe.gameId]);
		expect([b.placeId, b.gameId]).toEqual([universe.placeId, universe.gameId]);
		expect(a.placeId).toBeGreaterThan(0);
		expect(a.studio).toBe(false);
		await expect(first.eval(`game.JobId = "mine"`)).rejects.toThrow(/read only/);
	});

	it("repeats a server exactly when given the same seed", async () => {
		const a = await (await startEmptyPlace({ seed: 42 })).eval<Facts>(FACTS);
		const b = await (await startEmptyPlace({ seed: 42 })).eval<Facts>(FACTS);
		expect(b).toEqual({ ...a, placeId: b.placeId, gameId: b.gameId });
	});

	it("runs as Studio on request: IsStudio() is true and JobId is empty", async () => {
		const place = await startEmptyPlace({ studio: true });
		const facts = await place.eval<Facts>(FACTS);
		expect([facts.studio, facts.jobId]).toEqual([true, ""]);
	});

	it("reads properties whose default is nil as nil, and lets them be set", async () => {
		const place = await startEmptyPlace();
		await place.addPlayer("Ana");
		const facts = await place.eval(`
			local ana = game.Players.Ana
			local gui = Instance.new("SurfaceGui")
			local part = Instance.new("Part", workspace)
			local before = { ana.Character == nil, ana.Team == nil, gui.Adornee == nil, Instance.new("Model").PrimaryPart == nil, Instance.new("ObjectValue").Value == nil, Instance.new("Folder").Parent == nil, game.Players.LocalPlayer == nil }
			gui.Adornee = part
			return { before = before, adornee = gui.Adornee == part, bool = Instance.new("BoolValue").Value }
		`);
		expect(facts).toEqual({ before: [true, true, true, true, true, true, true], adornee: true, bool: false });
	});
});
