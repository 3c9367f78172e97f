/** A simulated player as the test sees it: a client that fires remotes and keeps an inbox. */
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
}

export class SimPlayer {
	/** Events the server fired to this player, oldest first. */
	readonly inbox: InboxEvent[] = [];

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

	/** Leaves the game (PlayerRemoving fires on the server). */
	async leave(): Promise<void> {
		await this.server.removePlayer(this.userId);
	}

	get kicked(): Kick | undefined {
		return this.server.kicks.find((k) => k.userId === this.userId);
	}
}
