/**
 * The test API: a headless Roblox server running the compiled place in a Luau VM, with
 * simulated players and, on request, real client VMs running the client code.
 *
 *   const place = await startPlace();            // out/ through default.project.json
 *   const ana = await place.addPlayer("Ana");
 *   await ana.fire("requestState");
 *   await place.advance(1);                       // virtual seconds
 *   expect(ana.received("session")).toHaveLength(2);  // one on join, one for the request
 *
 * Every call that runs Luau throws LuauRuntimeError if a Luau thread died since the last call
 * (unless `allowErrors`), and `startPlace` throws PlaceBlockedError if a script waits forever.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ClientPlace } from "./clientPlace";
import { BlockedWait, LuauErrorReport, LuauRuntimeError, PlaceBlockedError } from "./errors";
import { HttpBridge } from "./httpBridge";
import { buildTree, PlaceTree } from "./rojo/buildTree";
import { DEFAULT_LATENCY, EngineOptions, FRAMES_PER_SECOND, InstanceSnapshot, LatencyOptions, LuauSession, OutputLine, SignalOptions } from "./session";
import { nextServerIdentity } from "./serverIdentity";
import { Kick, PlayerChannel, SimPlayer } from "./simPlayer";
import { Universe } from "./universe";
import { decodeWireArgs, encodeWireArgs } from "./wire";

export type { InboxEvent, Kick } from "./simPlayer";
export type { InstanceSnapshot, OutputLine } from "./session";
export { SimPlayer } from "./simPlayer";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Client VMs and the server move in lockstep slices of this many frames. */
const LOCKSTEP_FRAMES = 6;

export interface StartOptions {
	/** Rojo project to load; default the repository's default.project.json. */
	project?: string;
	/** Share DataStores, secrets and messaging with other places; default a fresh universe. */
	universe?: Universe;
	/**
	 * Add scripts or modules by DataModel path. This is also how a test injects a fault: test-owned
	 * code next to the game's (a failing service, a probe), never a rewrite of compiled Luau.
	 */
	extraScripts?: Record<string, { className: "Script" | "ModuleScript" | "LocalScript"; source: string }>;
	/** Collect Luau errors in `place.errors` instead of throwing. */
	allowErrors?: boolean;
	/** Do not throw when scripts are still waiting on a missing child after start-up. */
	allowBlocked?: boolean;
	/** Unix seconds the virtual clock starts at; default a fixed date, so runs repeat. */
	epoch?: number;
	/** Words TextService's filter masks with '#' (any case); default DEFAULT_FILTERED_WORDS. */
	filteredWords?: string[];
	/**
	 * Run as a Studio play test: RunService:IsStudio() is true, game.JobId is "" and HttpService
	 * may reach localhost. Default false: a live server.
	 */
	studio?: boolean;
	/** game.PlaceId of this server; default the universe's place. */
	placeId?: number;
	/** Fixes this server's JobId and random sequences; default a new one per server started. */
	seed?: number;
	/** Signal behaviour (default Deferred) and handler order (default a seeded shuffle). */
	signals?: SignalOptions;
	/**
	 * DataStore and HTTP latency in virtual seconds (default DEFAULT_LATENCY); `false` for none,
	 * e.g. in unit specs that count frames. Latency never costs wall time.
	 */
	latency?: LatencyOptions | false;
	/**
	 * Workspace.StreamingEnabled (default on, as in new places; a project's $properties may turn it
	 * off) and StreamingTargetRadius in studs (default 1024).
	 */
	streaming?: { enabled?: boolean; radius?: number } | false;
}

/** What the emulated text filter masks unless a test says otherwise. */
export const DEFAULT_FILTERED_WORDS = ["badword"];

export interface AddPlayerOptions {
	userId?: number;
	/** Also run this player's client (LocalScripts, Flamework controllers) in its own VM. */
	client?: boolean;
}

export async function startPlace(options: StartOptions = {}): Promise<Place> {
	const tree = buildTree(options.project ?? path.join(REPO_ROOT, "default.project.json"));
	addExtraScripts(tree, options.extraScripts ?? {});
	const place = new Place(options, tree);
	await place.boot();
	return place;
}

export class Place implements PlayerChannel {
	readonly universe: Universe;
	readonly kicks: Kick[] = [];
	readonly players = new Map<number, SimPlayer>();

	private session!: LuauSession;
	private readonly http: HttpBridge;
	private readonly clients = new Map<number, ClientPlace>();
	private fromClients: Array<[number, string, string]> = [];
	private messages: Array<[string, string]> = [];
	private nextUserId = 1;
	private unsubscribe?: () => void;
	private closed = false;

	/** This server's JobId, PlaceId, GameId, Studio flag and seed. */
	readonly engine: EngineOptions;

	constructor(
		private readonly options: StartOptions,
		private readonly tree: PlaceTree,
	) {
		this.universe = options.universe ?? new Universe();
		const identity = nextServerIdentity({ placeId: options.placeId ?? this.universe.placeId, gameId: this.universe.gameId }, options.seed);
		const studio = options.studio ?? false;
		this.engine = {
			...identity,
			jobId: studio ? "" : identity.jobId,
			studio,
			signals: options.signals ?? {},
			latency: options.latency === false ? false : { ...DEFAULT_LATENCY, ...options.latency },
			streaming: options.streaming === false ? { enabled: false } : { enabled: options.streaming?.enabled ?? true, radius: options.streaming?.radius },
		};
		this.http = new HttpBridge((id, result) => this.session.call("httpDone", id, result));
	}

	/** Everything the server printed or warned, and its errors, in order. */
	get output(): OutputLine[] {
		return this.session.output;
	}

	/** Every uncaught Luau error on the server so far (also the ones that were thrown). */
	get errors(): LuauErrorReport[] {
		return this.session.errors;
	}

	/** @internal */
	async boot(): Promise<void> {
		this.session = await LuauSession.start("server", this.tree, this.epoch, this.hostFunctions(), this.engine);
		this.unsubscribe = this.universe.subscribe((topic, data) => this.messages.push([topic, data]));
		await this.session.call("setTextFilter", JSON.stringify(this.options.filteredWords ?? DEFAULT_FILTERED_WORDS), 0);
		await this.session.build(this.tree.root);
		await this.session.call("markBooted");
		await this.session.call("start");
		await this.settle();
		const blocked = await this.blocked();
		if (blocked.length > 0 && !this.options.allowBlocked) throw new PlaceBlockedError(blocked);
	}

	/** Adds a player (PlayerAdded fires) and settles; `client: true` also boots their client VM. */
	async addPlayer(name = `Player${this.nextUserId}`, options: AddPlayerOptions = {}): Promise<SimPlayer> {
		const userId = options.userId ?? this.nextUserId;
		this.nextUserId = Math.max(this.nextUserId, userId) + 1;
		const player = new SimPlayer(userId, name, this);
		this.players.set(userId, player);
		await this.session.call("addPlayer", userId, name, name);
		await this.settle();
		if (options.client) {
			const snapshot = (await this.session.call("replicationSnapshot", userId)) as string;
			const client = await ClientPlace.start({
				tree: this.tree,
				// The client's clock starts at the server's instant, so workspace:GetServerTimeNow()
				// (and os.time) agree on both sides, as Roblox keeps them.
				epoch: this.epoch + (await this.now()),
				userId,
				name,
				snapshot,
				engine: { ...this.engine, seed: this.engine.seed * 1000 + userId },
				toServer: (remotePath, payload) => this.fromClients.push([userId, remotePath, payload]),
			});
			this.clients.set(userId, client);
			player.attachClient(client);
			await this.settle();
		}
		return player;
	}

	/** @internal */
	async fireAs(userId: number, remote: string, args: unknown[]): Promise<string> {
		const problem = (await this.session.call("fireServer", userId, remote, encodeWireArgs(args))) as string;
		await this.settle();
		return problem;
	}

	/** @internal */
	async moveTo(userId: number, position: [number, number, number]): Promise<void> {
		await this.session.call("setFocus", userId, ...position);
		await this.settle();
	}

	/** @internal */
	async removePlayer(userId: number): Promise<void> {
		await this.session.call("removePlayer", userId);
		this.clients.delete(userId);
		await this.settle();
	}

	/** Runs deferred work, pending HTTP and client traffic at the current instant, without moving time. */
	async settle(): Promise<void> {
		for (let round = 0; ; round++) {
			if (round === 1000) throw new Error("harness: the place did not settle after 1000 rounds (endless client/server traffic?)");
			await this.session.call("settle");
			const moved = (await this.http.pump()) + (await this.pumpMessages()) + (await this.pumpClients());
			if (moved === 0 && !this.http.busy) break;
		}
		this.throwUnreported();
	}

	/** Moves virtual time forward by `seconds`, frame by frame (60 per second), clients in lockstep. */
	async advance(seconds: number): Promise<void> {
		let remaining = Math.round(seconds * FRAMES_PER_SECOND);
		while (remaining > 0) {
			const slice = this.clients.size > 0 ? Math.min(remaining, LOCKSTEP_FRAMES) : remaining;
			let left = slice;
			while (left > 0) {
				// The server stops early while a thread waits on HTTP; virtual time stands still
				// until the response is in.
				const done = (await this.session.call("advance", left)) as number;
				left -= done;
				const delivered = await this.http.pump();
				if (done === 0 && delivered === 0) throw new Error("harness: the server stopped advancing with no HTTP in flight");
			}
			for (const client of this.clients.values()) await client.advanceFrames(slice);
			remaining -= slice;
			await this.settle();
		}
		await this.settle();
	}

	/** Virtual seconds since the server started. */
	async now(): Promise<number> {
		return (await this.session.status()).now;
	}

	/**
	 * Runs Luau as a Script in ServerScriptService (with `game`, `script`, `require`...), waits
	 * until it finishes (advancing virtual time up to `maxSeconds` if it yields), and returns its
	 * first result decoded like a remote argument. A Luau error rejects with file and line.
	 */
	async eval<T = unknown>(source: string, maxSeconds = 60): Promise<T> {
		return this.session.eval<T>(source, maxSeconds, () => this.advance(1 / FRAMES_PER_SECOND), () => this.settle());
	}

	/** Threads waiting forever on WaitForChild, with the script and what it waits on. */
	async blocked(): Promise<BlockedWait[]> {
		return (await this.session.status()).blocked;
	}

	/** Attributes, tags and children of the instance at `path` ("" for game). */
	async instance(pathName: string, depth = 1): Promise<InstanceSnapshot | undefined> {
		return this.session.instance(pathName, depth);
	}

	/** Every RemoteEvent/RemoteFunction in the DataModel. */
	async remotes(): Promise<Array<{ path: string; name: string; className: string; id?: string }>> {
		return JSON.parse((await this.session.call("remotes")) as string);
	}

	/** Current DataStore budget for a request type ("GetAsync", "SetIncrementAsync", ...). */
	async dataStoreBudget(kind: string): Promise<number> {
		return (await this.session.call("budget", kind)) as number;
	}

	/** Sets a DataStore budget, e.g. 0 to force requests into the throttle queue. */
	async setDataStoreBudget(kind: string, value: number): Promise<void> {
		await this.session.call("setBudget", kind, value);
	}

	/** The next `times` TextService calls (FilterStringAsync or a TextFilterResult Get*) fail. */
	async failTextFilter(times = 1): Promise<void> {
		await this.session.call("setTextFilter", JSON.stringify(this.options.filteredWords ?? DEFAULT_FILTERED_WORDS), times);
	}

	/** HttpService requests left in the current rolling minute. */
	async httpBudget(): Promise<number> {
		return (await this.session.call("httpBudget")) as number;
	}

	/** Returns and forgets the server's Luau errors not yet thrown (for `allowErrors` places). */
	takeErrors(): LuauErrorReport[] {
		return this.session.takeErrors();
	}

	/**
	 * Shuts the server down like Roblox: players are kicked, BindToClose callbacks run and are
	 * waited for (at most 30 virtual seconds). The place cannot be used afterwards.
	 */
	async shutdown(): Promise<void> {
		if (this.closed) return;
		await this.session.call("shutdown");
		await this.settle();
		for (let waited = 0; waited < 31; waited += 0.1) {
			if ((await this.session.status()).shutdownPending === 0) break;
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

	private get epoch(): number {
		return this.options.epoch ?? 1_767_225_600;
	}

	private throwUnreported(): void {
		if (this.options.allowErrors) return;
		const reports = this.session.takeErrors();
		for (const client of this.clients.values()) reports.push(...client.takeErrors());
		if (reports.length > 0) throw new LuauRuntimeError(reports);
	}

	private async pumpMessages(): Promise<number> {
		const batch = this.messages.splice(0);
		for (const [topic, data] of batch) await this.session.call("deliverMessage", topic, data, Date.now() / 1000);
		return batch.length;
	}

	private async pumpClients(): Promise<number> {
		let moved = 0;
		for (const client of this.clients.values()) moved += await client.pump();
		const batch = this.fromClients.splice(0);
		for (const [userId, remotePath, payload] of batch) {
			if (this.clients.has(userId)) await this.session.call("fireServer", userId, remotePath, payload);
		}
		return moved + batch.length;
	}

	private hostFunctions() {
		const universe = this.universe;
		return {
			host_kick: (userId: number, message: string) => {
				this.kicks.push({ userId, message });
			},
			host_toClient: (userId: number, remotePath: string, remoteName: string, payload: string) => {
				this.players.get(userId)?.inbox.push({ remote: remoteName, path: remotePath, args: decodeWireArgs(JSON.parse(payload)) });
				this.clients.get(userId)?.queueRemote(remotePath, payload);
			},
			host_toServer: () => undefined,
			host_replicate: (op: string, userId: number) => {
				if (userId > 0) this.clients.get(userId)?.queueReplication(op);
				else for (const client of this.clients.values()) client.queueReplication(op);
			},
			host_dsRead: (storeId: string, key: string) => universe.dsRead(storeId, key),
			host_dsReadChunk: (storeId: string, key: string, offset: number, length: number) =>
				universe.dsReadChunk(storeId, key, offset, length),
			host_dsWriteChunk: (chunk: string) => universe.dsWriteChunk(chunk),
			host_dsCommit: (storeId: string, key: string, meta: string) => universe.dsCommit(storeId, key, meta),
			host_dsRemove: (storeId: string, key: string) => universe.dsRemove(storeId, key),
			host_dsFault: (method: string, store: string, key: string, phase: "before" | "after") =>
				universe.dsFault(method, store, key, phase),
			host_secret: (name: string) => universe.secrets.get(name),
			host_publish: (topic: string, data: string) => universe.publish(topic, data),
			host_httpStart: (specJson: string) => this.http.start(specJson),
		};
	}
}

/** A test's own scripts into a place's tree, at dotted paths from the DataModel (Studio's too). */
export function addExtraScripts(tree: PlaceTree, scripts: NonNullable<StartOptions["extraScripts"]>): void {
	for (const [target, script] of Object.entries(scripts)) {
		const parts = target.split(".");
		let node = tree.root;
		for (const [depth, part] of parts.slice(0, -1).entries()) {
			let next = node.children.find((c) => c.name === part);
			if (!next) {
				// Top-level names are services, named after their class.
				next = { name: part, className: depth === 0 ? part : "Folder", children: [] };
				node.children.push(next);
			}
			node = next;
		}
		// A script of the test's own replaces one the project put at the same path (a config module, say).
		const name = parts[parts.length - 1];
		node.children = node.children.filter((c) => c.name !== name);
		node.children.push({ name, className: script.className, sourceId: tree.sources.length, children: [] });
		tree.sources.push(script.source);
		tree.sourcePaths.push(target);
	}
}
