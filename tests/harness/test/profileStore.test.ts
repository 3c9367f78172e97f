/**
 * Loleris's ProfileStore (the real Luau of @rbxts/profile-store, mapped from node_modules) in the
 * headless place: what it needs from the engine is what Roblox gives it, so these specs are the
 * evidence that the harness can host it (see "ProfileStore" in ../README.md).
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Place, startPlace, Universe } from "..";
import { FIXTURES } from "./support";

const PROJECT = path.join(FIXTURES, "profilestore.project.json");

// Starts a session on its own thread (as a PlayerAdded handler would) and records what happens.
const START = `
	local ProfileStore = require(game.ServerStorage.ProfileStore)
	_G.store = ProfileStore.New("Players", { coins = 0 })
	_G.events = {}
	task.spawn(function()
		local profile = _G.store:StartSessionAsync("Player_1")
		_G.profile = profile
		table.insert(_G.events, { "loaded", profile ~= nil, os.clock() })
		if profile then
			profile.OnSessionEnd:Connect(function()
				table.insert(_G.events, { "ended", true, os.clock() })
			end)
		end
	end)
`;

type Event = [kind: "loaded" | "ended", ok: boolean, at: number];

/** What the session did, with os.clock() times (virtual seconds since the server started). */
async function events(place: Place): Promise<Event[]> {
	const list = await place.eval<Event[] | Record<string, never>>(`return _G.events`);
	return Array.isArray(list) ? list : [];
}

/** Advances until the session has loaded (DataStore latency varies with the server's seed). */
async function loaded(place: Place): Promise<void> {
	for (let frame = 0; frame < 180 && (await events(place)).length === 0; frame++) await place.advance(1 / 60);
	expect((await events(place))[0]).toEqual(["loaded", true, expect.any(Number)]);
}

describe("ProfileStore in the headless place", () => {
	it("saves a session's data and user ids on EndSession, and a restarted server loads them", async () => {
		const place = await startPlace({ project: PROJECT });
		await place.eval(START);
		await loaded(place);

		await place.eval(`_G.profile.Data.coins = 5 _G.profile:AddUserId(1) _G.profile:EndSession()`);
		await place.advance(2); // the step that never returned while task.wait() could re-run within a frame
		expect((await events(place)).map(([kind]) => kind)).toEqual(["loaded", "ended"]);
		expect(place.universe.read("Players", "Player_1")).toMatchObject({ Data: { coins: 5 }, MetaData: { SessionLoadCount: 1 } });
		expect(place.universe.userIds("Players", "Player_1")).toEqual([1]);

		const next = await place.restart();
		await next.eval(START);
		await loaded(next);
		expect(await next.eval(`return _G.profile.Data.coins`)).toBe(5);
	});

	it("releases open sessions on shutdown: BindToClose waits, frame by frame, for the saves in flight", async () => {
		const place = await startPlace({ project: PROJECT });
		await place.eval(START);
		await loaded(place);
		await place.eval(`_G.profile.Data.coins = 9`);

		const next = await place.restart(); // ProfileStore's BindToClose: `while saves > 0 do task.wait() end`
		const saved = place.universe.read("Players", "Player_1") as { Data: unknown; MetaData: Record<string, unknown> };
		expect(saved.Data).toEqual({ coins: 9 });
		expect(saved.MetaData.ActiveSession).toBeUndefined();
		await next.eval(START);
		await loaded(next); // at once: the lock was released, no 40 s steal
		expect(await next.eval(`return _G.profile.Data.coins`)).toBe(9);
	});

	it("hands a profile over: the owner, asked through MessagingService, saves and releases it", async () => {
		const universe = new Universe();
		const owner = await startPlace({ project: PROJECT, universe });
		const joiner = await startPlace({ project: PROJECT, universe });
		await owner.eval(START);
		await loaded(owner);
		await owner.eval(`_G.profile.Data.coins = 7`);

		await joiner.eval(START);
		for (let second = 0; second < 20; second++) {
			await owner.advance(1);
			await joiner.advance(1);
		}
		// The owner ignores the first request: it answers at most one per 6 s of os.clock(), which
		// starts at 0 here (on Roblox it is already large). It releases on the joiner's second
		// request (5 s later), and the joiner loads at its next read, 10 s after that (each read
		// adds its latency; the owner's clock runs ahead by its own load time).
		const [, ended] = await events(owner);
		expect(ended).toEqual(["ended", true, expect.any(Number)]);
		expect(ended[2]).toBeGreaterThan(6);
		expect(ended[2]).toBeLessThan(12);
		const [joined] = await events(joiner);
		expect(joined).toEqual(["loaded", true, expect.any(Number)]);
		expect(joined[2]).toBeGreaterThan(15);
		expect(joined[2]).toBeLessThan(20);
		expect(await joiner.eval(`return _G.profile.Data.coins`)).toBe(7);
	});

	it("steals a profile from a server that does not answer, after ProfileStore's 40 s", async () => {
		const universe = new Universe();
		const crashed = await startPlace({ project: PROJECT, universe });
		await crashed.eval(START);
		await loaded(crashed); // then it never advances again: its messages are never handled
		const joiner = await startPlace({ project: PROJECT, universe });
		await joiner.eval(START);
		await joiner.advance(44);
		expect(await events(joiner)).toEqual([]);
		await joiner.advance(6);
		// Requests at 0 s and 5 s, re-reads every 10 s; the fourth unanswered re-read (35 s) arms
		// the steal, which the next read (45 s) performs.
		const [stolen] = await events(joiner);
		expect(stolen).toEqual(["loaded", true, expect.any(Number)]);
		expect(stolen[2]).toBeGreaterThan(45);
		expect(universe.read("Players", "Player_1")).toMatchObject({ MetaData: { SessionLoadCount: 2 } });
	});
});
