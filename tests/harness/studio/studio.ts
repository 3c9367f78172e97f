/**
 * Roblox Studio with a place open in edit mode and a plugin loaded: the compiled plugin (its
 * Rojo project, e.g. plugin/default.project.json) runs in the same Luau VM as the edit
 * DataModel (the framework's project, whose game scripts do not run in edit mode). What the
 * plugin sees is described in studio.luau. The test drives it like a person at Studio:
 *
 *   const studio = await startStudio({ plugin: "plugin/default.project.json" });
 *   await studio.clickButton("Classroom");                 // the toolbar button
 *   await studio.type("ClassroomWidget.Root.Chat.Input", "hi"); await studio.click("...Send");
 *   await studio.until(() => studio.text().includes("Signed in"));
 *   await studio.undo();                                   // ChangeHistoryService:Undo()
 *   const place = await studio.play();                     // the edited place as a server
 *
 * Plugin settings live in a `PluginSettings` object that outlives the Studio (pass the same one
 * to `startStudio` again for a Studio restart); HTTP permission is per domain (`deny`).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LuauRuntimeError } from "../errors";
import { HttpBridge } from "../httpBridge";
import { Place, addExtraScripts, type StartOptions } from "../place";
import { buildTree, type PlaceTree, type TreeNode } from "../rojo/buildTree";
import { type EngineOptions, FRAMES_PER_SECOND, LuauSession, type OutputLine } from "../session";
import { StreamBridge } from "./streams";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** What Studio keeps of a plugin between sessions (plugin:SetSetting), as JSON text per key. */
export class PluginSettings {
	readonly values = new Map<string, string>();

	get(key: string): unknown {
		const text = this.values.get(key);
		return text === undefined ? undefined : JSON.parse(text);
	}
}

export interface StudioOptions {
	/** The place open in Studio; default the repository's default.project.json. */
	project?: string;
	/** The plugin's Rojo project; default plugin/default.project.json. */
	plugin?: string;
	/** Scripts or modules added to the place (e.g. ServerStorage.ClassroomConfig). */
	extraScripts?: StartOptions["extraScripts"];
	settings?: PluginSettings;
	/** Unix seconds of the virtual clock's start. */
	epoch?: number;
}

export interface GuiNode {
	name: string;
	className: string;
	text?: string;
	visible?: boolean;
	enabled?: boolean;
	title?: string;
	id?: string;
	children: GuiNode[];
}

export async function startStudio(options: StudioOptions = {}): Promise<Studio> {
	const studio = new Studio(options);
	await studio.boot();
	return studio;
}

export class Studio {
	readonly settings: PluginSettings;
	/** Virtual seconds since Studio started (a backend under test can keep its clock by it). */
	elapsed = 0;
	private session!: LuauSession;
	private readonly tree: PlaceTree;
	private readonly http: HttpBridge;
	private readonly streams: StreamBridge;
	private readonly denied = new Set<string>();

	constructor(private readonly options: StudioOptions) {
		this.settings = options.settings ?? new PluginSettings();
		this.tree = buildTree(options.project ?? path.join(REPO_ROOT, "default.project.json"));
		addExtraScripts(this.tree, options.extraScripts ?? {});
		this.http = new HttpBridge((id, result) => this.session.call("httpDone", id, result));
		this.streams = new StreamBridge((id, kind, a, b) => this.session.call("streamEvent", id, kind, a ?? "", b ?? ""));
	}

	get output(): OutputLine[] {
		return this.session.output;
	}

	/** @internal */
	async boot(): Promise<void> {
		// The boot API takes a mode string; "studio" is a server DataModel with Studio added.
		// Edit mode: no JobId, no streaming (Studio shows the whole place); Roblox's HTTP latency as on a server.
		const engine: EngineOptions = { jobId: "", placeId: 0, gameId: 0, studio: true, seed: 1, signals: {}, latency: {}, streaming: { enabled: false } };
		this.session = await LuauSession.start("studio" as "server", this.tree, this.options.epoch ?? 1_767_225_600, this.hostFunctions(), engine);
		await this.session.build(this.tree.root);
		const pluginProject = this.options.plugin ?? path.join(REPO_ROOT, "plugin", "default.project.json");
		const plugin = buildTree(pluginProject);
		// buildTree makes its root a DataModel; a plugin's root is its project's top instance.
		plugin.root.name = (JSON.parse(fs.readFileSync(pluginProject, "utf8")) as { name: string }).name;
		plugin.root.className = plugin.root.sourceId === undefined ? "Folder" : "Script";
		await this.session.call("loadPlugin", JSON.stringify(graft(plugin, this.tree)));
		await this.settle();
	}

	/** The user's answer to Studio's HTTP permission prompt for this plugin and domain. */
	deny(host: string): void {
		this.denied.add(host.toLowerCase());
	}

	allow(host: string): void {
		this.denied.delete(host.toLowerCase());
	}

	/** The web streams the plugin opened (URL and each SSE message delivered), in order. */
	get streamLog(): StreamBridge["log"] {
		return this.streams.log;
	}

	/** Presses Play (true: RunService:IsEdit() is false, ChangeHistoryService refuses recordings) or Stop. */
	async setRunMode(running: boolean): Promise<void> {
		await this.session.call("setRunMode", running);
	}

	async clickButton(name: string): Promise<void> {
		await this.check((await this.session.call("clickButton", name)) as string);
	}

	/** Clicks the GuiButton at `guiPath` ("<widget id>.Child.Child"). */
	async click(guiPath: string): Promise<void> {
		await this.check((await this.session.call("guiAction", guiPath, "click", "")) as string);
	}

	/** Types into the TextBox at `guiPath` and presses Enter. */
	async type(guiPath: string, text: string): Promise<void> {
		await this.check((await this.session.call("guiAction", guiPath, "type", text)) as string);
	}

	async undo(): Promise<void> {
		await this.session.call("studioCall", "undo");
		await this.settle();
	}

	async redo(): Promise<void> {
		await this.session.call("studioCall", "redo");
		await this.settle();
	}

	/** HttpService requests left in the rolling minute (Roblox's 500 a minute). */
	async httpBudget(): Promise<number> {
		return (await this.session.call("httpBudget")) as number;
	}

	/** Full names of the selected instances. */
	async selection(): Promise<string[]> {
		const list = JSON.parse((await this.session.call("selection")) as string);
		return Array.isArray(list) ? list : [];
	}

	/** The plugin's widgets and their GUI trees. */
	async widgets(): Promise<GuiNode[]> {
		const list = JSON.parse((await this.session.call("widgets")) as string);
		return Array.isArray(list) ? list.map(normalizeGui) : [];
	}

	/** Every visible text in the widgets, in tree order, joined by newlines. */
	async text(): Promise<string> {
		const lines: string[] = [];
		const walk = (node: GuiNode) => {
			if (node.visible === false || node.enabled === false) return;
			if (node.text) lines.push(node.text);
			node.children.forEach(walk);
		};
		(await this.widgets()).forEach(walk);
		return lines.join("\n");
	}

	/** Runs Luau in the edit DataModel (as a Script in ServerScriptService) and returns its first result. */
	async eval<T = unknown>(source: string, maxSeconds = 60): Promise<T> {
		return this.session.eval<T>(source, maxSeconds, () => this.advance(1 / FRAMES_PER_SECOND), () => this.settle());
	}

	async instance(pathName: string, depth = 1) {
		return this.session.instance(pathName, depth);
	}

	/** Runs deferred work, HTTP responses and stream events that are in, without moving virtual time. */
	async settle(): Promise<void> {
		for (let round = 0; ; round++) {
			if (round === 1000) throw new Error("studio: did not settle after 1000 rounds");
			await this.session.call("settle");
			const moved = (await this.http.pump()) + (await this.streams.pump());
			if (moved === 0 && !this.http.busy) break;
		}
		this.throwUnreported();
	}

	/** Moves virtual time forward, frame by frame; time stands still while HTTP is in flight. */
	async advance(seconds: number): Promise<void> {
		let remaining = Math.round(seconds * FRAMES_PER_SECOND);
		while (remaining > 0) {
			const done = (await this.session.call("advance", remaining)) as number;
			remaining -= done;
			this.elapsed += done / FRAMES_PER_SECOND;
			const delivered = (await this.http.pump()) + (await this.streams.pump());
			if (done === 0 && delivered === 0) throw new Error("studio: stopped advancing with no HTTP in flight");
			await this.settle();
		}
		await this.settle();
	}

	/**
	 * Lets Studio run until `done()` holds: a tenth of a virtual second at a time, also waiting
	 * a moment of real time for streams (the backend works in real time). Throws after
	 * `seconds` of virtual time or `realMs` of real time.
	 */
	async until(done: () => boolean | Promise<boolean>, { seconds = 120, realMs = 20_000 } = {}): Promise<void> {
		const started = Date.now();
		await this.settle();
		for (let waited = 0; !(await done()); waited += 0.1) {
			if (waited > seconds || Date.now() - started > realMs) throw new Error(`studio: condition not met after ${waited.toFixed(1)} virtual s / ${Date.now() - started} ms`);
			if (this.streams.active > 0 && this.streams.pending === 0) await new Promise((resolve) => setTimeout(resolve, 15));
			await this.advance(0.1);
		}
	}

	/** Waits until the widgets show `needle`; returns the whole text. */
	async untilText(needle: string | RegExp, options?: { seconds?: number; realMs?: number }): Promise<string> {
		let text = "";
		const matches = () => (typeof needle === "string" ? text.includes(needle) : needle.test(text));
		try {
			await this.until(async () => {
				text = await this.text();
				return matches();
			}, options);
		} catch (error) {
			throw new Error(`${(error as Error).message}; the widget shows:\n${text}`);
		}
		return text;
	}

	/** The place as Studio would save it: the framework, what was edited, script sources. */
	async save(): Promise<PlaceTree> {
		const saved = JSON.parse((await this.session.call("savePlace")) as string) as { root: SavedNode; sources: string[] };
		const sources = [...this.tree.sources];
		const sourcePaths = [...this.tree.sourcePaths];
		const convert = (node: SavedNode, at: string[]): TreeNode => {
			const out: TreeNode = {
				name: node.name,
				className: node.className,
				properties: emptyToObject(node.properties),
				attributes: emptyToObject(node.attributes),
				tags: Array.isArray(node.tags) ? node.tags : [],
				children: [],
			};
			if (node.source !== undefined) {
				out.sourceId = sources.length;
				sources.push(saved.sources[node.source - 1]);
				sourcePaths.push(at.join("."));
			} else if (node.sourceId !== undefined) {
				out.sourceId = node.sourceId;
			}
			out.children = (Array.isArray(node.children) ? node.children : []).map((c) => convert(c, [...at, c.name]));
			return out;
		};
		const root = convert(saved.root, []);
		root.name = "Game";
		return { root, sources, sourcePaths };
	}

	/** Saves the place and starts it as a live server (Studio's "play" on a server). */
	async play(options: Omit<StartOptions, "project" | "extraScripts"> = {}): Promise<Place> {
		const place = new Place(options, await this.save());
		await place.boot();
		return place;
	}

	/** Unloads the plugin (its Unloading event) and closes its streams. */
	async close(): Promise<void> {
		await this.session.call("unloadPlugin");
		this.streams.closeAll();
	}

	private async check(problem: string): Promise<void> {
		if (problem) throw new Error(`studio: ${problem}`);
		await this.settle();
	}

	private throwUnreported(): void {
		const reports = this.session.takeErrors();
		if (reports.length > 0) throw new LuauRuntimeError(reports);
	}

	private hostFunctions() {
		const none = () => undefined;
		return {
			host_kick: none,
			host_toClient: none,
			host_toServer: none,
			host_replicate: none,
			host_dsRead: none,
			host_dsReadChunk: none,
			host_dsWriteChunk: none,
			host_dsCommit: none,
			host_dsRemove: none,
			host_dsFault: none,
			host_secret: none,
			host_publish: none,
			host_httpStart: (spec: string) => this.http.start(spec),
			host_httpPermission: (host: string) => (this.denied.has(host) ? "deny" : "allow"),
			host_streamOpen: (spec: string) => this.streams.start(spec),
			host_streamClose: (id: number) => this.streams.close(id),
			host_settingGet: (key: string) => this.settings.values.get(key),
			// "" removes (a JSON text is never empty).
			host_settingSet: (key: string, value: string) => {
				if (value === "") this.settings.values.delete(key);
				else this.settings.values.set(key, value);
			},
			host_sourceOf: (id: number) => this.tree.sources[id],
		};
	}
}

interface SavedNode {
	name: string;
	className: string;
	properties: Record<string, unknown> | unknown[];
	attributes: Record<string, unknown> | unknown[];
	tags: string[] | Record<string, never>;
	source?: number;
	sourceId?: number;
	children: SavedNode[] | Record<string, never>;
}

// Luau's JSON cannot tell an empty table from an empty list.
const emptyToObject = (value: Record<string, unknown> | unknown[]): Record<string, unknown> => (Array.isArray(value) ? {} : value);

function normalizeGui(node: GuiNode): GuiNode {
	return { ...node, children: (Array.isArray(node.children) ? node.children : []).map(normalizeGui) };
}

/** The plugin's sources appended to the place's, so one VM compiles both by source id. */
function graft(plugin: PlaceTree, place: PlaceTree): TreeNode {
	const offset = place.sources.length;
	place.sources.push(...plugin.sources);
	place.sourcePaths.push(...plugin.sourcePaths.map((p) => `Plugin.${p}`));
	const shift = (node: TreeNode): TreeNode => ({ ...node, sourceId: node.sourceId === undefined ? undefined : node.sourceId + offset, children: node.children.map(shift) });
	return shift(plugin.root);
}

