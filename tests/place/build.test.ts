import fs from "node:fs";
import path from "node:path";
import { RojoResolver } from "@roblox-ts/rojo-resolver";
import { describe, expect, it } from "vitest";
import { buildTree } from "../harness/rojo/buildTree";
import { OUT_DIR, REPO_ROOT, requireBuild } from "./support";

const PROJECT = path.join(REPO_ROOT, "default.project.json");

describe("the build", () => {
	requireBuild();
	const compiled = listFiles(OUT_DIR).filter((f) => /\.luau?$/.test(f));

	it("emits the server and client entry points and the shared contract", () => {
		const relative = compiled.map((f) => path.relative(OUT_DIR, f));
		expect(relative).toEqual(
			expect.arrayContaining(["server/runtime.server.luau", "client/runtime.client.luau", "shared/network.luau"]),
		);
	});

	it("maps every compiled file to a DataModel location through default.project.json", () => {
		const resolver = RojoResolver.fromPath(PROJECT);
		expect(resolver.getWarnings()).toEqual([]);
		const unmapped = compiled.filter((file) => resolver.getRbxPathFromFilePath(file) === undefined);
		expect(unmapped).toEqual([]);
		const where = (file: string) => resolver.getRbxPathFromFilePath(path.join(OUT_DIR, file))?.join(".");
		expect(where("server/runtime.server.luau")).toBe("ServerScriptService.TS.runtime");
		expect(where("shared/network.luau")).toBe("ReplicatedStorage.TS.network");
		expect(where("client/runtime.client.luau")).toBe("StarterPlayer.StarterPlayerScripts.TS.runtime");
	});

	it("puts each compiled file where Rojo would, in the harness's DataModel too", () => {
		const resolver = RojoResolver.fromPath(PROJECT);
		const tree = buildTree(PROJECT);
		for (const file of compiled) {
			const rbxPath = resolver.getRbxPathFromFilePath(file)!.join(".");
			const id = tree.sourcePaths.indexOf(rbxPath);
			expect(id, `${rbxPath} in the harness tree`).toBeGreaterThanOrEqual(0);
			expect(tree.sources[id]).toBe(fs.readFileSync(file, "utf8"));
		}
	});

	it("ships the runtime library exactly as rbxtsc emits it", () => {
		for (const lib of ["RuntimeLib.lua", "Promise.lua"]) {
			const shipped = fs.readFileSync(path.join(REPO_ROOT, "include", lib), "utf8");
			const emitted = fs.readFileSync(path.join(REPO_ROOT, "node_modules/roblox-ts/include", lib), "utf8");
			expect(shipped, lib).toBe(emitted);
		}
	});
});

function listFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? listFiles(full) : [full];
	});
}
