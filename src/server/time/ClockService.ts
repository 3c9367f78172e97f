import { Service } from "@flamework/core";
import { Workspace } from "@rbxts/services";

/**
 * The one clock every server feature reads. Quiz timers and session deadlines use it so that
 * they agree with clients' countdowns: both sides read Workspace:GetServerTimeNow(), which the
 * engine keeps in sync (no time-sync remote of our own).
 */
@Service()
export class ClockService {
	/** Seconds on the clock shared by the server and its clients. */
	public now(): number {
		return Workspace.GetServerTimeNow();
	}
}
