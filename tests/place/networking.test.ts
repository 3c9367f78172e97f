import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Place, SimPlayer, startPlace } from "../harness";
import { requireBuild } from "./support";

describe("remotes over @flamework/networking", () => {
	let place: Place;
	let ana: SimPlayer;
	let ben: SimPlayer;
	// One server for the file (booting one costs about a second); fresh players per test keep
	// their inboxes independent.
	beforeAll(async () => {
		requireBuild();
		place = await startPlace();
	});
	beforeEach(async () => {
		ana = await place.addPlayer("Ana");
		ben = await place.addPlayer("Ben");
		await place.advance(3);
	});

	it("creates one RemoteEvent per event, named after it, and no time-sync remote (clients read GetServerTimeNow)", async () => {
		const remotes = await place.remotes();
		const named = (name: string) => remotes.filter((r) => r.name === name);
		expect(named("requestState")).toEqual([expect.objectContaining({ className: "RemoteEvent" })]);
		expect(named("session")).toEqual([expect.objectContaining({ className: "RemoteEvent" })]);
		expect(named("requestTimeSync")).toEqual([]);
		expect(named("timeSync")).toEqual([]);
	});

	it("answers a request to the asking player only", async () => {
		const anaBefore = ana.received("session").length;
		const benBefore = ben.received("session").length;
		await ana.fire("requestState");
		expect(ana.received("session")).toHaveLength(anaBefore + 1);
		expect(ben.received("session")).toHaveLength(benBefore);
	});

	it("drops a call whose argument fails the generated t-guard, without an error", async () => {
		const dropped = () =>
			place.eval<number>(`
				local core = game:GetService("ReplicatedStorage").rbxts_include.node_modules["@flamework"].core.out
				return require(core).Flamework.resolveDependency("server/classroom/RemoteGuard@RemoteGuard").dropped.badPayload
			`);
		const before = await dropped();
		await ana.fire("joinWithCode", 42);
		await ana.fire("joinWithCode", { code: "ABCDEF" });
		await ana.fire("joinWithCode");
		expect(await dropped()).toBe(before + 3);
		expect(place.errors).toEqual([]);
	});
});
