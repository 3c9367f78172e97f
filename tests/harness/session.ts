/**
 * One running DataModel (a server or a client) in its own Luau VM: boots the engine, builds the
 * Rojo tree, records output and errors, and offers what both kinds of place share (eval,
 * instance snapshots, status). Server- and client-specific wiring come in as host functions.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BlockedWait, LuauErrorReport, LuauRuntimeError } from "./errors";
import { PlaceTree, TreeNode } from "./rojo/buildTree";
import { createLuauVm, HostFunction, LuauFunction } from "./vm";
import { decodeWireArgs } from "./wire";

const ENGINE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "engine");
export const FRAMES_PER_SECOND = 60;

export interface OutputLine {
	kind: "print" | "warn" | "error";
	text: string;
	script: string;
}

export interface InstanceSnapshot {
	name: string;
	className: string;
	attributes: Record<string, unknown>;
	tags: string[];
	children: InstanceSnapshot[];
}

/** What the engine of one VM is told at boot (engine/boot.luau reads it as E.options). */
export interface EngineOptions {
	jobId: string;
	placeId: number;
	gameId: number;
	studio: boolean;
	seed: number;
	signals: SignalOptions;
	latency: LatencyOptions | false;
	streaming: { enabled: boolean; radius?: number };
}

/** A request's duration in virtual seconds: log-normal with this median and 95th percentile. */
export interface Latency {
	median: number;
	p95: number;
}

/** Per kind of request; `false` (for a kind or for all) means no latency. */
export interface LatencyOptions {
	http?: Latency | false;
	dataStoreRead?: Latency | false;
	dataStoreWrite?: Latency | false;
}

/**
 * Typical figures for a live server: HTTP to an external backend ~150 ms, DataStore reads ~80 ms
 * and writes ~120 ms, with long tails.
 */
export const DEFAULT_LATENCY: Required<LatencyOptions> = {
	http: { median: 0.15, p95: 0.5 },
	dataStoreRead: { median: 0.08, p95: 0.3 },
	dataStoreWrite: { median: 0.12, p95: 0.45 },
};

/** Workspace.SignalBehavior, and the order the handlers of one firing run in. */
export interface SignalOptions {
	/** Default "Deferred", as new Roblox places are set. */
	behavior?: "Deferred" | "Immediate";
	/** Roblox promises no order; default a seeded shuffle, so order-dependent code fails. */
	order?: "shuffled" | "reverse" | "connection";
}

export interface SessionStatus {
	now: number;
	blocked: BlockedWait[];
	shutdownPending: number;
	httpPending: number;
}

export class LuauSession {
	readonly output: OutputLine[] = [];
	readonly errors: LuauErrorReport[] = [];
	private unreported: LuauErrorReport[] = [];
	private api!: Record<string, LuauFunction>;

	private constructor(private readonly tree: PlaceTree) {}

	static async start(
		mode: "server" | "client",
		tree: PlaceTree,
		epoch: number,
		host: Record<string, HostFunction>,
		engine: EngineOptions,
	): Promise<LuauSession> {
		const session = new LuauSession(tree);
		let load: (source: string, chunk: string) => unknown = () => "VM not ready";
		const vm = await createLuauVm({
			...session.recorders(),
			...host,
			host_engine: (name: string) => {
				const fn = load(fs.readFileSync(path.join(ENGINE_DIR, `${name}.luau`), "utf8"), `=harness/${name}`);
				if (typeof fn === "string") throw new Error(fn);
				return fn;
			},
			host_compile: (sourceId: number, chunk: string) => {
				const source = tree.sources[sourceId];
				return source === undefined ? `no source for ${chunk}` : load(source, chunk);
			},
			host_compileSource: (source: string, chunk: string) => load(source, chunk),
		});
		load = (source, chunk) => vm.load(source, chunk);
		const boot = vm.load(fs.readFileSync(path.join(ENGINE_DIR, "boot.luau"), "utf8"), "=harness/boot");
		if (typeof boot === "string") throw new Error(boot);
		const [api] = await boot(mode, epoch, JSON.stringify(engine));
		session.api = api as Record<string, LuauFunction>;
		return session;
	}

	/** Calls the boot API (engine/boot.luau). */
	async call(name: string, ...args: unknown[]): Promise<unknown> {
		const [result] = await this.api[name](...args);
		return result;
	}

	async build(root: TreeNode): Promise<void> {
		await this.call("build", JSON.stringify(root));
	}

	async status(): Promise<SessionStatus> {
		const status = JSON.parse((await this.call("status")) as string);
		status.blocked = Array.isArray(status.blocked) ? status.blocked : [];
		return status;
	}

	async instance(pathName: string, depth: number): Promise<InstanceSnapshot | undefined> {
		const snapshot = JSON.parse((await this.call("snapshot", pathName, depth)) as string);
		return snapshot ? normalize(snapshot) : undefined;
	}

	/** Starts `source` as a script; `step` moves time one frame while it has not finished. */
	async eval<T>(source: string, maxSeconds: number, step: () => Promise<void>, settle: () => Promise<void>): Promise<T> {
		const id = (await this.call("evalStart", source, "Eval")) as number;
		await settle();
		let result = await this.evalResult(id);
		for (let frame = 0; !result.done && frame < maxSeconds * FRAMES_PER_SECOND; frame++) {
			await step();
			result = await this.evalResult(id);
		}
		if (!result.done) throw new Error(`eval did not finish within ${maxSeconds} virtual seconds`);
		if (!result.ok) throw new LuauRuntimeError([{ message: result.error!, traceback: "", script: "Eval" }]);
		return decodeWireArgs({ n: result.value!.length, args: result.value! })[0] as T;
	}

	/** Errors not yet thrown or taken. */
	takeErrors(): LuauErrorReport[] {
		const taken = this.unreported;
		this.unreported = [];
		return taken;
	}

	hasUnreported(): boolean {
		return this.unreported.length > 0;
	}

	private async evalResult(id: number): Promise<{ done: boolean; ok?: boolean; error?: string; value?: unknown[] }> {
		return JSON.parse((await this.call("evalResult", id)) as string);
	}

	private recorders(): Record<string, HostFunction> {
		return {
			host_output: (kind: OutputLine["kind"], text: string, script: string) => {
				this.output.push({ kind, text, script });
			},
			host_error: (message: string, traceback: string, script: string) => {
				const report = { message, traceback, script };
				this.errors.push(report);
				this.unreported.push(report);
			},
		};
	}
}

// Luau's JSON cannot tell an empty table from an empty list; attributes are always a map.
function normalize(node: InstanceSnapshot): InstanceSnapshot {
	return {
		...node,
		attributes: Array.isArray(node.attributes) ? {} : node.attributes,
		tags: Array.isArray(node.tags) ? node.tags : [],
		children: (Array.isArray(node.children) ? node.children : []).map(normalize),
	};
}
