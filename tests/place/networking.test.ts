import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Place, SimPlayer, startPlace } from "../harness";
import { requireBuild } from "./support";

describe("time sync over @flamework/networking", () => {
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
	});

	it("creates one RemoteEvent per event, named after it", async () => {
		const remotes = await place.remotes();
		const named = (name: string) => remotes.filter((r) => r.name === name);
		expect(named("requestTimeSync")).toEqual([expect.objectContaining({ className: "RemoteEvent" })]);
		expect(named("timeSync")).toEqual([expect.objectContaining({ className: "RemoteEvent" })]);
	});

	it("answers a well-formed request to the asking player only", async () => {
		await place.advance(3);
		await ana.fire("requestTimeSync", 41.5);
		const serverTime = await place.eval<number>(`return workspace:GetServerTimeNow()`);
		expect(ana.received("timeSync")).toEqual([[{ clientSentAt: 41.5, serverTime }]]);
		// Other features may greet players on join; nothing about time sync reaches Ben.
		expect(ben.received("timeSync")).toEqual([]);
	});

	it("drops a request whose argument fails the generated t-guard", async () => {
		await ana.fire("requestTimeSync", "not a number");
		await ana.fire("requestTimeSync", { clientSentAt: 1 });
		await ana.fire("requestTimeSync");
		expect(ana.received("timeSync")).toEqual([]);
		expect(place.errors).toEqual([]);
		await ana.fire("requestTimeSync", 7);
		expect(ana.received("timeSync")).toHaveLength(1);
	});

	it("answers each player with their own echo", async () => {
		await ana.fire("requestTimeSync", 1);
		await ben.fire("requestTimeSync", 2);
		expect(ana.received("timeSync").map(([reply]) => (reply as { clientSentAt: number }).clientSentAt)).toEqual([1]);
		expect(ben.received("timeSync").map(([reply]) => (reply as { clientSentAt: number }).clientSentAt)).toEqual([2]);
	});
});
