import { OnStart, Service } from "@flamework/core";
import { ServerEvents } from "server/network";
import { ClockService } from "./ClockService";

/** Answers each client's time-sync request with the server clock, to that client only. */
@Service()
export class TimeSyncService implements OnStart {
	public constructor(private readonly clock: ClockService) {}

	public onStart(): void {
		ServerEvents.requestTimeSync.connect((player, clientSentAt) => {
			ServerEvents.timeSync.fire(player, { clientSentAt, serverTime: this.clock.now() });
		});
	}
}
