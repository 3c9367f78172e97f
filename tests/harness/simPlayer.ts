import type { ClientPlace } from "./clientPlace";

/**
 * A simulated player as the test sees it: a client that fires remotes and keeps an inbox of
 * what the server sent, and optionally a real client VM (`client`) running the client code.
 */
export interface InboxEvent {
	/** Name of the RemoteEvent (Flamework names it after the event). */
	remote: string;
	/** Full path of the RemoteEvent. */
	path: string;
	args: unknown[];
}

export interface Kick {
	userId: number;
	message: string;
}

/** What a player needs from its server; the Place implements it. */
export interface PlayerChannel {
	readonly kicks: Kick[];
	fireAs(userId: number, remote: string, args: unknown[]): Promise<string>;
	removePlayer(userId: number): Promise<void>;
	moveTo(userId: number, position: [number, number, number]): Promise<void>;
}

export class SimPlayer {
	/** Events the server fired to this player, oldest first. */
	readonly inbox: InboxEvent[] = [];
	private clientPlace?: ClientPlace;

	constructor(
		readonly userId: number,
		readonly name: string,
		private readonly server: PlayerChannel,
	) {}

	/**
	 * Fires a RemoteEvent (by unique name, e.g. a Flamework event name, or full path) from this
	 * player's client, with Roblox's argument rules, then lets the server settle.
	 */
	async fire(remote: string, ...args: unknown[]): Promise<void> {
		const problem = await this.server.fireAs(this.userId, remote, args);
		if (problem) throw new Error(`${this.name} cannot fire ${remote}: ${problem}`);
	}

	/** Events received on `remote`, as argument lists. */
	received(remote: string): unknown[][] {
		return this.inbox.filter((e) => e.remote === remote || e.path === remote).map((e) => e.args);
	}

	/**
	 * Moves this player's character to `position` (studs): under StreamingEnabled, parts near it
	 * stream in to the player's client and parts beyond the radius stream out.
	 */
	async moveTo(...position: [number, number, number]): Promise<void> {
		await this.server.moveTo(this.userId, position);
	}

	/** Leaves the game (PlayerRemoving fires on the server). */
	async leave(): Promise<void> {
		await this.server.removePlayer(this.userId);
	}

	/** The player's client VM, when added with `{ client: true }`. */
	get client(): ClientPlace {
		if (!this.clientPlace) throw new Error(`${this.name} has no client VM: add the player with { client: true }`);
		return this.clientPlace;
	}

	/** @internal */
	attachClient(client: ClientPlace): void {
		this.clientPlace = client;
	}

	get kicked(): Kick | undefined {
		return this.server.kicks.find((k) => k.userId === this.userId);
	}
}
