import { describe, expect, it } from "vitest";
import { startEmptyPlace } from "./support";

describe("require by string", () => {
	it("resolves ./, ../ and @self/ against the requiring module, as Roblox does", async () => {
		const place = await startEmptyPlace({
			extraScripts: {
				"ReplicatedStorage.Pkg.a": { className: "ModuleScript", source: 'return require("./b") + require("../Top")' },
				"ReplicatedStorage.Pkg.b": { className: "ModuleScript", source: "return 40" },
				"ReplicatedStorage.Top": { className: "ModuleScript", source: "return 2" },
				"ReplicatedStorage.Pkg.c": { className: "ModuleScript", source: 'return require("@self/d")' },
				"ReplicatedStorage.Pkg.c.d": { className: "ModuleScript", source: 'return "child"' },
			},
		});
		expect(await place.eval(`local pkg = game.ReplicatedStorage.Pkg\nreturn { require(pkg.a), require(pkg.c) }`)).toEqual([42, "child"]);
		const missing = await place.eval<[boolean, string]>(`
			local m = Instance.new("ModuleScript")
			m.Name = "M"
			m.Parent = game.ReplicatedStorage
			local ok, err = pcall(function() return require("./Nowhere") end)
			return { ok, tostring(err) }
		`);
		expect(missing[0]).toBe(false);
		expect(missing[1]).toContain("Failed to find module './Nowhere'");
	});
});
