import { describe, expect, it } from "vitest";
import { startPlace, Universe } from "../harness";
import { requireBuild } from "./support";

describe("DataStores outlive a server", () => {
	it("keeps a value written through DataStoreService across a server restart", async () => {
		requireBuild();
		const first = await startPlace();
		await first.eval(`
			local store = game:GetService("DataStoreService"):GetDataStore("Progress")
			store:SetAsync("student_42", { level = 3, badges = { "fractions" } })
		`);
		const second = await first.restart();
		const loaded = await second.eval(`
			local store = game:GetService("DataStoreService"):GetDataStore("Progress")
			local value, info = store:GetAsync("student_42")
			return { value = value, version = info.Version }
		`);
		expect(loaded).toEqual({ value: { level: 3, badges: ["fractions"] }, version: "1" });
		expect(second.universe.read("Progress", "student_42")).toEqual({ level: 3, badges: ["fractions"] });
	});

	it("does not leak values between universes", async () => {
		const universe = new Universe();
		universe.seed("Progress", "student_42", { level: 9 });
		const other = await startPlace();
		const place = await startPlace({ universe });
		const read = `return game:GetService("DataStoreService"):GetDataStore("Progress"):GetAsync("student_42")`;
		expect(await place.eval(read)).toEqual({ level: 9 });
		expect(await other.eval(read)).toBeUndefined();
	});

	it("runs BindToClose callbacks on shutdown so last saves land", async () => {
		const place = await startPlace({
			extraScripts: {
				"ServerScriptService.SaveOnClose": {
					className: "Script",
					source: `
						game:BindToClose(function()
							task.wait(2)
							game:GetService("DataStoreService"):GetDataStore("Progress"):SetAsync("closed", true)
						end)
					`,
				},
			},
		});
		const ana = await place.addPlayer("Ana");
		await place.shutdown();
		expect(ana.kicked?.message).toBe("The server is shutting down");
		expect(place.universe.read("Progress", "closed")).toBe(true);
	});
});
