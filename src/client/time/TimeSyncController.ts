import { Controller, OnStart } from "@flamework/core";
import { ClientEvents } from "client/network";
import { ClockEstimate, estimateServerClock } from "shared/time/timeSync";

/** Aligns this client's clock with the server's, so countdowns end at the same moment for everyone. */
@Controller()
export class TimeSyncController implements OnStart {
	private estimate?: ClockEstimate;

	public onStart(): void {
		ClientEvents.timeSync.connect((reply) => {
			this.estimate = estimateServerClock(reply, os.clock());
		});
		ClientEvents.requestTimeSync.fire(os.clock());
	}

	/** The server clock as best known here, or undefined before the first answer. */
	public serverNow(): number | undefined {
		return this.estimate && os.clock() + this.estimate.offset;
	}
}
