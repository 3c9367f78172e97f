/**
 * Builds the instance tree Rojo would sync from a project file, following Rojo 7's rules:
 * project nodes ($className, $path, $properties, $attributes), directories as Folders or as
 * their init script, `*.server.lua(u)` Script, `*.client.lua(u)` LocalScript, `*.lua(u)`
 * ModuleScript, `*.json` ModuleScript returning the data, `*.model.json` instance trees,
 * `*.meta.json` / `init.meta.json` overrides, `*.txt` StringValue, nested `*.project.json`.
 * Script sources stay on the JS side (the Luau heap is small); nodes carry an index into
 * `sources`.
 */
import fs from "node:fs";
import path from "node:path";
import { jsonToLuau } from "./jsonToLuau";

export interface TreeNode {
	name: string;
	className: string;
	properties?: Record<string, unknown>;
	attributes?: Record<string, unknown>;
	tags?: string[];
	sourceId?: number;
	children: TreeNode[];
}

export interface PlaceTree {
	root: TreeNode;
	/** Script sources by sourceId. */
	sources: string[];
	/** The DataModel path ("ServerScriptService.TS.main") of each source, by sourceId. */
	sourcePaths: string[];
}

export function buildTree(projectFile: string): PlaceTree {
	const builder = new TreeBuilder();
	const root = builder.project(path.resolve(projectFile), "Game", []);
	root.className = "DataModel";
	return { root, sources: builder.sources, sourcePaths: builder.sourcePaths };
}

interface ProjectNode {
	$className?: string;
	$path?: string | { optional: string };
	$properties?: Record<string, unknown>;
	$attributes?: Record<string, unknown>;
	[child: string]: unknown;
}

const SCRIPT_SUFFIXES: Array<[RegExp, string]> = [
	[/\.server\.luau?$/, "Script"],
	[/\.client\.luau?$/, "LocalScript"],
	[/\.luau?$/, "ModuleScript"],
];

class TreeBuilder {
	readonly sources: string[] = [];
	readonly sourcePaths: string[] = [];
	private ignore: RegExp[] = [];

	project(file: string, name: string, at: string[]): TreeNode {
		const project = JSON.parse(fs.readFileSync(file, "utf8")) as { name: string; tree: ProjectNode; globIgnorePaths?: string[] };
		const outerIgnore = this.ignore;
		this.ignore = [...outerIgnore, ...(project.globIgnorePaths ?? []).map((g) => globToRegExp(path.dirname(file), g))];
		const node = this.projectNode(project.tree, name, path.dirname(file), at);
		this.ignore = outerIgnore;
		return node;
	}

	private projectNode(spec: ProjectNode, name: string, baseDir: string, at: string[]): TreeNode {
		let node: TreeNode | undefined;
		const rawPath = typeof spec.$path === "object" ? spec.$path.optional : spec.$path;
		if (rawPath !== undefined) {
			const target = path.resolve(baseDir, rawPath);
			if (fs.existsSync(target)) node = this.fromPath(target, at, name);
			else if (typeof spec.$path !== "object") throw new Error(`Rojo: $path ${rawPath} does not exist (${at.join(".")})`);
		}
		node ??= { name, className: spec.$className ?? "Folder", children: [] };
		node.name = name;
		if (spec.$className && !spec.$path) node.className = spec.$className;
		if (spec.$properties) node.properties = { ...node.properties, ...spec.$properties };
		if (spec.$attributes) node.attributes = { ...node.attributes, ...spec.$attributes };
		for (const [key, child] of Object.entries(spec)) {
			if (key.startsWith("$")) continue;
			const built = this.projectNode(child as ProjectNode, key, baseDir, [...at, key]);
			node.children = node.children.filter((c) => c.name !== key);
			node.children.push(built);
		}
		return node;
	}

	private fromPath(target: string, at: string[], name: string): TreeNode | undefined {
		if (this.ignore.some((re) => re.test(target))) return undefined;
		const stat = fs.statSync(target);
		return stat.isDirectory() ? this.directory(target, at, name) : this.file(target, at);
	}

	private directory(dir: string, at: string[], name: string): TreeNode {
		const entries = fs.readdirSync(dir).sort();
		const init = entries.find((e) => /^init(\.server|\.client)?\.luau?$/.test(e));
		const node: TreeNode = init
			? this.script(path.join(dir, init), name, scriptClass(init)!, at)
			: { name, className: "Folder", children: [] };
		const meta = path.join(dir, "init.meta.json");
		if (fs.existsSync(meta)) applyMeta(node, meta, !init);
		for (const entry of entries) {
			if (entry === init || entry === "init.meta.json" || entry.endsWith(".meta.json")) continue;
			const full = path.join(dir, entry);
			const childName = instanceName(entry, fs.statSync(full).isDirectory());
			if (childName === undefined) continue;
			const child = this.fromPath(full, [...at, childName], childName);
			if (!child) continue;
			const childMeta = path.join(dir, `${childName}.meta.json`);
			if (fs.existsSync(childMeta)) applyMeta(child, childMeta, child.className === "Folder");
			node.children.push(child);
		}
		return node;
	}

	private file(file: string, at: string[]): TreeNode | undefined {
		const base = path.basename(file);
		const name = at[at.length - 1] ?? instanceName(base, false)!;
		if (base.endsWith(".project.json")) return this.project(file, name, at);
		if (base.endsWith(".model.json")) return modelNode(JSON.parse(fs.readFileSync(file, "utf8")), name);
		if (base.endsWith(".json")) return this.module(jsonToLuau(JSON.parse(fs.readFileSync(file, "utf8"))), name, at);
		if (base.endsWith(".txt")) return { name, className: "StringValue", properties: { Value: fs.readFileSync(file, "utf8") }, children: [] };
		const className = scriptClass(base);
		return className ? this.script(file, name, className, at) : undefined;
	}

	private script(file: string, name: string, className: string, at: string[]): TreeNode {
		return this.withSource({ name, className, children: [] }, fs.readFileSync(file, "utf8"), at);
	}

	private module(source: string, name: string, at: string[]): TreeNode {
		return this.withSource({ name, className: "ModuleScript", children: [] }, source, at);
	}

	private withSource(node: TreeNode, source: string, at: string[]): TreeNode {
		node.sourceId = this.sources.length;
		this.sources.push(source);
		this.sourcePaths.push(at.join("."));
		return node;
	}
}

function scriptClass(fileName: string): string | undefined {
	return SCRIPT_SUFFIXES.find(([re]) => re.test(fileName))?.[1];
}

/** The instance name Rojo gives a file or folder, or undefined when Rojo ignores the file. */
function instanceName(entry: string, isDirectory: boolean): string | undefined {
	if (isDirectory) return entry;
	const known = /^(.*?)(\.server\.luau?|\.client\.luau?|\.luau?|\.project\.json|\.model\.json|\.json|\.txt)$/.exec(entry);
	return known ? known[1] : undefined;
}

function applyMeta(node: TreeNode, metaFile: string, mayChangeClass: boolean): void {
	const meta = JSON.parse(fs.readFileSync(metaFile, "utf8")) as {
		className?: string;
		properties?: Record<string, unknown>;
		attributes?: Record<string, unknown>;
	};
	if (meta.className && mayChangeClass) node.className = meta.className;
	if (meta.properties) node.properties = { ...node.properties, ...meta.properties };
	if (meta.attributes) node.attributes = { ...node.attributes, ...meta.attributes };
}

interface ModelJson {
	name?: string;
	className: string;
	properties?: Record<string, unknown>;
	attributes?: Record<string, unknown>;
	children?: ModelJson[];
}

function modelNode(model: ModelJson, name: string): TreeNode {
	const { Tags, ...properties } = (model.properties ?? {}) as Record<string, unknown>;
	return {
		name,
		className: model.className,
		properties,
		attributes: model.attributes,
		tags: Array.isArray(Tags) ? (Tags as string[]) : undefined,
		children: (model.children ?? []).map((c) => modelNode(c, c.name ?? c.className)),
	};
}

function globToRegExp(baseDir: string, glob: string): RegExp {
	const escaped = glob
		.split("**/")
		.map((part) => part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]"))
		.join("(?:.*/)?");
	return new RegExp(`^${baseDir.replace(/[.+^${}()|[\]\\]/g, "\\$&")}/${escaped}$`);
}
