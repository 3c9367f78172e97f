import { OnStart, Service } from "@flamework/core";
import { Players } from "@rbxts/services";
import { ServerEvents } from "server/network";
import type { OnPlayerJoin } from "server/players/PlayerLifecycle";
import { LicenseService, LicenseStatus } from "./LicenseService";

/**
 * What players see of the licence. Outdated: everyone is kicked with a message naming the
 * required version (and so is anyone who joins this server later), so they rejoin a current
 * server. Any other loss: no kick; every player (and each later joiner) gets a `licenseNotice`
 * saying why classroom features are off, and another when they come back. Outages inside the
 * grace period never reach here (the licence stays active).
 */
@Service()
export class LicenseNotices implements OnStart, OnPlayerJoin {
	private shown = false;

	public constructor(private readonly license: LicenseService) {}

	public onStart(): void {
		this.license.onChanged.connect((status) => this.apply(status));
	}

	public onPlayerJoin(player: Player): void {
		this.greet(player);
	}

	private apply(status: LicenseStatus): void {
		if (status.reason === "outdated") {
			for (const player of Players.GetPlayers()) player.Kick(status.message);
			return;
		}
		if (status.active) {
			if (!this.shown) return;
			this.shown = false;
			ServerEvents.licenseNotice.broadcast({ active: true, message: "Classroom features are back on." });
			return;
		}
		if (status.message === undefined) return;
		this.shown = true;
		ServerEvents.licenseNotice.broadcast({ active: false, message: status.message });
	}

	private greet(player: Player): void {
		const status = this.license.current();
		if (status.active || status.message === undefined) return;
		if (status.reason === "outdated") player.Kick(status.message);
		else ServerEvents.licenseNotice.fire(player, { active: false, message: status.message });
	}
}
