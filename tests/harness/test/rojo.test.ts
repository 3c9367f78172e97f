import path from "node:path";
import { describe, expect, it } from "vitest";
import { startPlace } from "..";
import { buildTree } from "../rojo/buildTree";
import { FIXTURES } from "./support";

const PROJECT = path.join(FIXTURES, "rojo", "rules.project.json");

describe("the DataModel follows Rojo's project rules", () => {
	it("builds the tree with Rojo's class for each file kind", () => {
		const { root } = buildTree(PROJECT);
		const shared = root.children.find((c) => c.name === "ReplicatedStorage")!.children.find((c) => c.name === "Shared")!;
		const kinds = Object.fromEntries(shared.children.map((c) => [c.name, c.className]));
		expect(kinds).toEqual({
			Lib: "ModuleScript",
			Widgets: "Configuration",
			lesson: "ModuleScript",
			main: "Script",
			notes: "StringValue",
		});
	});

	it("runs the place: require caching, script per module, json modules, meta, model files, ignores", async () => {
		const place = await startPlace({ project: PROJECT });
		const lines = place.output.map((o) => o.text);
		expect(lines).toEqual([
			"same module table: true",
			"lesson: Fractions 2",
			"widget: gadget ModuleScript",
			"notes: Bring a pencil\n",
			"client script: LocalScript",
			"folder class: Configuration widgets",
			"board: true 2/5 + 1/2 1",
			"ignored: nil",
		]);
		expect(place.output.every((o) => o.script === "ServerScriptService.Main")).toBe(true);
		expect(await place.eval(`return require(game.ReplicatedStorage.Shared.Lib).name`)).toBe("Lib");
		expect((await place.instance("ReplicatedStorage.Settings"))?.attributes).toEqual({ Grade: 5 });
	});
});
