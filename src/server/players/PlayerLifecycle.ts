import { Modding, OnStart, Service } from "@flamework/core";
import { Players } from "@rbxts/services";
import { rankOf } from "./listenerOrder";

/** Hears every player who joins this server. */
export interface OnPlayerJoin {
	onPlayerJoin(player: Player): void;
}

/** Hears every player who leaves this server (the player may already be out of Players). */
export interface OnPlayerLeave {
	onPlayerLeave(player: Player): void;
}

/**
 * The one owner of Players.PlayerAdded and PlayerRemoving (the pattern of R-unic's
 * flamework-template): services implement OnPlayerJoin / OnPlayerLeave instead of connecting to
 * the engine. Roblox promises no order between the handlers of one event, and with Deferred
 * signals runs them later, so this service sets the order: a join is heard in the order of
 * listenerOrder.ts and a leave in the reverse, so whoever owns a player's data opens it before
 * anyone else hears of the player and releases it after everyone else handled the leave.
 * Each listener runs in its own thread (an error is reported and the others still run) until
 * it finishes or yields, before the next one starts.
 */
// Started after every other service (default loadOrder 1), so listeners are ready for the
// players already in the server.
@Service({ loadOrder: 10 })
export class PlayerLifecycle implements OnStart {
	private readonly joinListeners: OnPlayerJoin[] = [];
	private readonly leaveListeners: OnPlayerLeave[] = [];
	private readonly present = new Set<Player>();

	public onStart(): void {
		Modding.onListenerAdded<OnPlayerJoin>((listener) => insertByRank(this.joinListeners, listener));
		Modding.onListenerAdded<OnPlayerLeave>((listener) => insertByRank(this.leaveListeners, listener));
		Players.PlayerAdded.Connect((player) => this.join(player));
		Players.PlayerRemoving.Connect((player) => this.leave(player));
		for (const player of Players.GetPlayers()) this.join(player);
	}

	private join(player: Player): void {
		// GetPlayers() at start and a deferred PlayerAdded can both report one player.
		if (this.present.has(player)) return;
		this.present.add(player);
		for (const listener of [...this.joinListeners]) task.spawn(() => listener.onPlayerJoin(player));
	}

	private leave(player: Player): void {
		if (!this.present.delete(player)) return;
		const listeners = [...this.leaveListeners];
		for (let i = listeners.size() - 1; i >= 0; i--) {
			const listener = listeners[i];
			task.spawn(() => listener.onPlayerLeave(player));
		}
	}
}

function insertByRank<T extends object>(list: T[], listener: T): void {
	const rank = rankOf(listener);
	let at = list.size();
	while (at > 0 && rankOf(list[at - 1]) > rank) at -= 1;
	list.insert(at, listener);
}
