/**
 * The test API: a headless Roblox server running the compiled place in a Luau VM.
 *
 *   const place = await startPlace();            // out/ through default.project.json
 *   const ana = await place.addPlayer("Ana");
 *   await ana.fire("requestTimeSync", 12);
 *   await place.advance(1);                       // virtual seconds
 *   expect(ana.inbox).toHaveLength(1);
 *
 * Every call that runs Luau throws LuauRuntimeError if a Luau thread died since the last call
 * (unless `allowErrors`), and `startPlace` throws PlaceBlockedError if a script waits forever.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BlockedWait, LuauErrorReport, LuauRuntimeError, PlaceBlockedError } from "./errors";
import { buildTree, PlaceTree } from "./rojo/buildTree";
import { Universe } from "./universe";
import { createLuauVm, LuauFunction } from "./vm";
import { Kick, PlayerChannel, SimPlayer } from "./simPlayer";
import { decodeWireArgs, encodeWireArgs } from "./wire";

const HARNESS_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HARNESS_DIR, "../..");
const FRAMES_PER_SECOND = 60;

export interface StartOptions {
	/** Rojo project to load; default the repository's default.project.json. */
	project?: string;
	/** Share DataStores, secrets and messaging with other places; default a fresh universe. */
	universe?: Universe;
	/** Rewrite a script's source before it loads, by DataModel path (fault injection). */
	patch?: Record<string, (source: string) => string>;
	/** Add scripts or modules: DataModel path -> Luau source (`.server`/`.client` by class). */
	extraScripts?: Record<string, { className: "Script" | "ModuleScript" | "LocalScript"; source: string }>;
	/** Collect Luau errors in `place.errors` instead of throwing. */
	allowErrors?: boolean;
	/** Do not throw when scripts are still waiting on a missing child after start-up. */
	allowBlocked?: boolean;
	/** Unix seconds the virtual clock starts at; default a fixed date, so runs repeat. */
	epoch?: number;
}

export type { InboxEvent, Kick } from "./simPlayer";
export { SimPlayer } from "./simPlayer";

export interface OutputLine {
	kind: "print" | "warn" | "error";
	text: string;
	script: string;
}

export async function startPlace(options: StartOptions = {}): Promise<Place> {
	const place = new Place(options);
	await place.boot();
	return place;
}

export class Place implements PlayerChannel {
	readonly universe: Universe;
	readonly output: OutputLine[] = [];
	/** Every uncaught Luau error so far (also the ones that were thrown). */
	readonly errors: LuauErrorReport[] = [];
	readonly kicks: Kick[] = [];
	readonly players = new Map<number, SimPlayer>();

	private api!: Record<string, LuauFunction>;
	private tree!: PlaceTree;
	private unreported: LuauErrorReport[] = [];
	private http = new Map<number, Promise<void>>();
	private httpResults: Array<[number, string]> = [];
	private nextHttpId = 0;
	private nextUserId = 1;
	private unsubscribe?: () => void;
	private messages: Array<[string, string]> = [];
	private closed = false;

	constructor(private readonly options: StartOptions) {
		this.universe = options.universe ?? new Universe();
	}

	/** @internal */
	async boot(): Promise<void> {
		this.tree = buildTree(this.options.project ?? path.join(REPO_ROOT, "default.project.json"));
		this.applyPatches();
		const { host, bind } = this.hostFunctions();
		const vm = await createLuauVm(host);
		bind((source, chunk) => vm.load(source, chunk));
		const boot = vm.load(fs.readFileSync(path.join(HARNESS_DIR, "engine/boot.luau"), "utf8"), "=harness/boot");
		if (typeof boot === "string") throw new Error(boot);
		const [api] = await boot("server", this.options.epoch ?? 1_767_225_600);
		this.api = api as Record<string, LuauFunction>;
		this.unsubscribe = this.universe.subscribe((topic, data) => this.messages.push([topic, data]));
		await this.call("build", JSON.stringify(this.tree.root));
		await this.call("start");
		await this.settle();
		const blocked = await this.blocked();
		if (blocked.length > 0 && !this.options.allowBlocked) throw new PlaceBlockedError(blocked);
	}

	/** Adds a player (PlayerAdded fires) and settles. */
	async addPlayer(name = `Player${this.nextUserId}`, userId = this.nextUserId): Promise<SimPlayer> {
		this.nextUserId = Math.max(this.nextUserId, userId) + 1;
		const player = new SimPlayer(userId, name, this);
		this.players.set(userId, player);
		await this.call("addPlayer", userId, name, name);
		await this.settle();
		return player;
	}

	/** @internal */
	async fireAs(userId: number, remote: string, args: unknown[]): Promise<string> {
		const problem = (await this.call("fireServer", userId, remote, encodeWireArgs(args))) as string;
		await this.settle();
		return problem;
	}

	/** @internal */
	async removePlayer(userId: number): Promise<void> {
		await this.call("removePlayer", userId);
		await this.settle();
	}

	/** Runs deferred work and pending HTTP at the current virtual instant, without moving time. */
	async settle(): Promise<void> {
		for (let round = 0; round < 1000; round++) {
			await this.call("settle");
			await this.pumpHost();
			if (this.http.size === 0 && this.httpResults.length === 0 && this.messages.length === 0) break;
		}
		this.throwUnreported();
	}

	/** Moves virtual time forward by `seconds`, frame by frame (60 per second). */
	async advance(seconds: number): Promise<void> {
		let remaining = Math.round(seconds * FRAMES_PER_SECOND);
		while (remaining > 0) {
			const done = (await this.call("advance", remaining)) as number;
			remaining -= done;
			await this.pumpHost();
			if (done === 0 && this.http.size === 0 && this.httpResults.length === 0) break;
		}
		await this.settle();
	}

	/** Virtual seconds since the server started. */
	async now(): Promise<number> {
		return (await this.status()).now;
	}

	/**
	 * Runs Luau as a Script in ServerScriptService (with `game`, `script`, `require`...), waits
	 * until it finishes (advancing virtual time up to `maxSeconds` if it yields), and returns its
	 * results decoded like remote arguments. A Luau error rejects with file and line.
	 */
	async eval<T = unknown>(source: string, maxSeconds = 60): Promise<T> {
		const id = (await this.call("evalStart", source, "Eval")) as number;
		await this.settle();
		let result = await this.evalResult(id);
		for (let waited = 0; !result.done && waited < maxSeconds * FRAMES_PER_SECOND; waited++) {
			await this.advance(1 / FRAMES_PER_SECOND);
			result = await this.evalResult(id);
		}
		if (!result.done) throw new Error(`eval did not finish within ${maxSeconds} virtual seconds`);
		if (!result.ok) throw new LuauRuntimeError([{ message: result.error!, traceback: "", script: "ServerScriptService.Eval" }]);
		return decodeWireArgs({ n: result.value!.length, args: result.value! })[0] as T;
	}

	/** Threads waiting forever on WaitForChild, with the script and what it waits on. */
	async blocked(): Promise<BlockedWait[]> {
		return (await this.status()).blocked;
	}

	/** Attributes, tags and children of the instance at `path` ("" for game). */
	async instance(pathName: string, depth = 1): Promise<InstanceSnapshot | undefined> {
		return JSON.parse((await this.call("snapshot", pathName, depth)) as string) ?? undefined;
	}

	/** Every RemoteEvent/RemoteFunction in the DataModel. */
	async remotes(): Promise<Array<{ path: string; name: string; className: string; id?: string }>> {
		return JSON.parse((await this.call("remotes")) as string);
	}

	/** Current DataStore budget for a request type ("GetAsync", "SetIncrementAsync", ...). */
	async dataStoreBudget(kind: string): Promise<number> {
		return (await this.call("budget", kind)) as number;
	}

	/** Sets a DataStore budget, e.g. 0 to force requests into the throttle queue. */
	async setDataStoreBudget(kind: string, value: number): Promise<void> {
		await this.call("setBudget", kind, value);
	}

	/** HttpService requests left in the current rolling minute. */
	async httpBudget(): Promise<number> {
		return (await this.call("httpBudget")) as number;
	}

	/** Returns and forgets the Luau errors collected so far (for `allowErrors` places). */
	takeErrors(): LuauErrorReport[] {
		const taken = this.unreported;
		this.unreported = [];
		return taken;
	}

	/**
	 * Shuts the server down like Roblox: players are kicked, BindToClose callbacks run and are
	 * waited for (at most 30 virtual seconds). The place cannot be used afterwards.
	 */
	async shutdown(): Promise<void> {
		if (this.closed) return;
		await this.call("shutdown");
		await this.settle();
		for (let frames = 0; frames < 31 * FRAMES_PER_SECOND; frames += 6) {
			if ((await this.status()).shutdownPending === 0) break;
			await this.advance(0.1);
		}
		this.closed = true;
		this.unsubscribe?.();
	}

	/** Shuts this server down and starts a new one on the same universe (DataStores kept). */
	async restart(options: Partial<StartOptions> = {}): Promise<Place> {
		await this.shutdown();
		return startPlace({ ...this.options, ...options, universe: this.universe });
	}

	// --- internals --------------------------------------------------------------------------

	private async call(name: string, ...args: unknown[]): Promise<unknown> {
		if (this.closed && name !== "status") throw new Error("this place has shut down");
		const [result] = await this.api[name](...args);
		return result;
	}

	private async status(): Promise<{ now: number; blocked: BlockedWait[]; shutdownPending: number }> {
		const [text] = await this.api.status();
		const status = JSON.parse(text as string);
		status.blocked = Array.isArray(status.blocked) ? status.blocked : [];
		return status;
	}

	private async evalResult(id: number): Promise<{ done: boolean; ok?: boolean; error?: string; value?: unknown[] }> {
		return JSON.parse((await this.call("evalResult", id)) as string);
	}

	private async pumpHost(): Promise<void> {
		if (this.http.size > 0) await Promise.all(this.http.values());
		for (const [id, result] of this.httpResults.splice(0)) await this.call("httpDone", id, result);
		for (const [topic, data] of this.messages.splice(0)) await this.call("deliverMessage", topic, data, Date.now() / 1000);
	}

	private throwUnreported(): void {
		if (this.options.allowErrors || this.unreported.length === 0) return;
		throw new LuauRuntimeError(this.takeErrors());
	}

	private applyPatches(): void {
		for (const [target, patch] of Object.entries(this.options.patch ?? {})) {
			const id = this.tree.sourcePaths.indexOf(target);
			if (id < 0) throw new Error(`patch: no script at ${target}`);
			this.tree.sources[id] = patch(this.tree.sources[id]);
		}
		for (const [target, script] of Object.entries(this.options.extraScripts ?? {})) {
			const parts = target.split(".");
			let node = this.tree.root;
			for (const [depth, part] of parts.slice(0, -1).entries()) {
				let next = node.children.find((c) => c.name === part);
				if (!next) {
					// Top-level names are services, named after their class.
					next = { name: part, className: depth === 0 ? part : "Folder", children: [] };
					node.children.push(next);
				}
				node = next;
			}
			node.children.push({ name: parts[parts.length - 1], className: script.className, sourceId: this.tree.sources.length, children: [] });
			this.tree.sources.push(script.source);
			this.tree.sourcePaths.push(target);
		}
	}

	private hostFunctions() {
		const engineDir = path.join(HARNESS_DIR, "engine");
		const universe = this.universe;
		let vmLoad: (source: string, chunk: string) => unknown = () => "not ready";
		const host = {
			host_engine: (name: string) => {
				const fn = vmLoad(fs.readFileSync(path.join(engineDir, `${name}.luau`), "utf8"), `=harness/${name}`);
				if (typeof fn === "string") throw new Error(fn);
				return fn;
			},
			host_compile: (sourceId: number, chunk: string) => {
				const source = this.tree.sources[sourceId];
				return source === undefined ? `no source for ${chunk}` : vmLoad(source, chunk);
			},
			host_compileSource: (source: string, chunk: string) => vmLoad(source, chunk),
			host_output: (kind: OutputLine["kind"], text: string, script: string) => {
				this.output.push({ kind, text, script });
			},
			host_error: (message: string, traceback: string, script: string) => {
				const report = { message, traceback, script };
				this.errors.push(report);
				this.unreported.push(report);
			},
			host_kick: (userId: number, message: string) => {
				this.kicks.push({ userId, message });
			},
			host_toClient: (userId: number, remotePath: string, remoteName: string, payload: string) => {
				const player = this.players.get(userId);
				player?.inbox.push({ remote: remoteName, path: remotePath, args: decodeWireArgs(JSON.parse(payload)) });
			},
			host_toServer: () => undefined,
			host_dsRead: (storeId: string, key: string) => universe.dsRead(storeId, key),
			host_dsReadChunk: (storeId: string, key: string, offset: number, length: number) =>
				universe.dsReadChunk(storeId, key, offset, length),
			host_dsWriteChunk: (chunk: string) => universe.dsWriteChunk(chunk),
			host_dsCommit: (storeId: string, key: string, meta: string) => universe.dsCommit(storeId, key, meta),
			host_dsRemove: (storeId: string, key: string) => universe.dsRemove(storeId, key),
			host_dsFault: (method: string, store: string, key: string) => universe.dsFault(method, store, key),
			host_secret: (name: string) => universe.secrets.get(name),
			host_publish: (topic: string, data: string) => universe.publish(topic, data),
			host_httpStart: (specJson: string) => this.startHttp(specJson),
		};
		return {
			host,
			bind(load: typeof vmLoad) {
				vmLoad = load;
			},
		};
	}

	private startHttp(specJson: string): number | string {
		const spec = JSON.parse(specJson) as { url: string; method: string; headers: Record<string, string>; body?: string };
		let url: URL;
		try {
			url = new URL(spec.url);
		} catch {
			return `Invalid URL: ${spec.url}`;
		}
		if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) {
			return `HttpService in the harness only reaches loopback; refused ${url.origin}`;
		}
		const id = ++this.nextHttpId;
		const done = fetch(url, { method: spec.method, headers: spec.headers, body: spec.body })
			.then(async (res) => {
				const headers: Record<string, string> = {};
				res.headers.forEach((v, k) => (headers[k] = v));
				return { status: res.status, statusText: res.statusText, headers, body: await res.text() };
			})
			.catch((err: Error) => ({ error: `ConnectFail: ${err.message}` }))
			.then((result) => {
				this.httpResults.push([id, JSON.stringify(result)]);
				this.http.delete(id);
			});
		this.http.set(id, done);
		return id;
	}
}

export interface InstanceSnapshot {
	name: string;
	className: string;
	attributes: Record<string, unknown>;
	tags: string[];
	children: InstanceSnapshot[];
}
