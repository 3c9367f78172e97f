/**
 * A player's client: its own VM and DataModel (no ServerScriptService or ServerStorage), with
 * Players.LocalPlayer, PlayerScripts copied from StarterPlayerScripts, and LocalScripts running.
 * It sees the server through replication ops and remote events, both queued by the server's
 * Place and applied when it pumps, so neither VM ever calls the other from inside a host call.
 */
import type { LuauErrorReport } from "./errors";
import { PlaceTree, TreeNode } from "./rojo/buildTree";
import { EngineOptions, InstanceSnapshot, LuauSession, OutputLine } from "./session";

const SERVER_ONLY = new Set(["ServerScriptService", "ServerStorage"]);

export interface ClientStart {
	tree: PlaceTree;
	epoch: number;
	userId: number;
	name: string;
	/** The server's replication snapshot (JSON list of ops) at join time. */
	snapshot: string;
	/** The server's ids and Studio flag (a client sees the same JobId), with its own seed. */
	engine: EngineOptions;
	toServer(remotePath: string, payload: string): void;
}

export class ClientPlace {
	private replication: string[] = [];
	private remotes: Array<[string, string]> = [];

	private constructor(private readonly session: LuauSession) {}

	static async start(start: ClientStart): Promise<ClientPlace> {
		const session = await LuauSession.start("client", start.tree, start.epoch, {
			host_toServer: (remotePath: string, payload: string) => start.toServer(remotePath, payload),
			host_toClient: () => undefined,
			host_replicate: () => undefined,
			host_kick: () => undefined,
			host_secret: () => undefined,
			host_publish: () => undefined,
			host_httpStart: () => "HttpService is not available on the client",
			host_dsFault: () => undefined,
			host_dsRead: () => undefined,
		}, start.engine);
		const client = new ClientPlace(session);
		await session.build(withoutServerOnly(start.tree.root));
		await session.call("becomeClient", start.userId, start.name);
		for (const op of JSON.parse(start.snapshot) as unknown[]) await session.call("applyReplication", JSON.stringify(op));
		await session.call("markBooted");
		await session.call("start");
		await session.call("settle");
		return client;
	}

	/** What this client printed or warned, and its errors. */
	get output(): OutputLine[] {
		return this.session.output;
	}

	get errors(): LuauErrorReport[] {
		return this.session.errors;
	}

	/** Runs Luau as a LocalScript on this client; see Place.eval. Time only moves on this client. */
	async eval<T = unknown>(source: string, maxSeconds = 60): Promise<T> {
		return this.session.eval<T>(source, maxSeconds, () => this.advanceFrames(1), async () => {
			await this.pump();
		});
	}

	/**
	 * Presses and releases a key (an Enum.KeyCode name: "One", "ButtonA", "E"): bound
	 * ContextActionService actions see Begin and End, then UserInputService. Call
	 * `place.settle()` afterwards to let what the client fired reach the server.
	 */
	async pressKey(keyCode: string): Promise<void> {
		await this.session.call("pressKey", keyCode);
		await this.pump();
	}

	async instance(pathName: string, depth = 1): Promise<InstanceSnapshot | undefined> {
		return this.session.instance(pathName, depth);
	}

	takeErrors(): LuauErrorReport[] {
		return this.session.takeErrors();
	}

	/** @internal */
	queueReplication(op: string): void {
		this.replication.push(op);
	}

	/** @internal */
	queueRemote(remotePath: string, payload: string): void {
		this.remotes.push([remotePath, payload]);
	}

	/** @internal Applies queued replication, then remote events (Roblox orders them so); returns how many. */
	async pump(): Promise<number> {
		const ops = this.replication.splice(0);
		for (const op of ops) await this.session.call("applyReplication", op);
		const events = this.remotes.splice(0);
		for (const [remotePath, payload] of events) await this.session.call("deliverClient", remotePath, payload);
		await this.session.call("settle");
		return ops.length + events.length;
	}

	/** @internal */
	async advanceFrames(frames: number): Promise<void> {
		await this.session.call("advance", frames);
	}
}

function withoutServerOnly(root: TreeNode): TreeNode {
	return { ...root, children: root.children.filter((c) => !SERVER_ONLY.has(c.name)) };
}
