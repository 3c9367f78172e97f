import { OnStart, Service } from "@flamework/core";
import { Workspace } from "@rbxts/services";
import type { OnPlayerLeave } from "server/players/PlayerLifecycle";
import { GlobalEvents } from "shared/network";
import { RateLimiter } from "shared/classroom/rateLimiter";

/**
 * Per-player rate limits for every classroom remote, and a count of everything dropped:
 * payloads Flamework's generated guards refused (onBadRequest), calls over the limit, and
 * payloads our own checks refused. A bad or flooding client costs a counter, never an error.
 */
@Service()
export class RemoteGuard implements OnStart, OnPlayerLeave {
	public readonly dropped = { badPayload: 0, rateLimited: 0, invalid: 0 };
	private readonly limiters = new Map<string, RateLimiter<number>>();

	public onStart(): void {
		GlobalEvents.registerHandler("onBadRequest", () => {
			this.dropped.badPayload += 1;
		});
	}

	public onPlayerLeave(player: Player): void {
		for (const [, limiter] of this.limiters) limiter.forget(player.UserId);
	}

	/**
	 * Wraps a handler: the call goes through only within the remote's limit (`burst` at once,
	 * `perSecond` after) and when `valid` accepts the arguments.
	 */
	public guard<A extends unknown[]>(
		remote: string,
		burst: number,
		perSecond: number,
		valid: (...args: A) => boolean,
		handler: (player: Player, ...args: A) => void,
	): (player: Player, ...args: A) => void {
		const limiter = new RateLimiter<number>(burst, perSecond);
		this.limiters.set(remote, limiter);
		return (player, ...args) => {
			if (!limiter.take(player.UserId, Workspace.GetServerTimeNow())) {
				this.dropped.rateLimited += 1;
				return;
			}
			if (!valid(...args)) {
				this.dropped.invalid += 1;
				return;
			}
			const [ok, err] = pcall(() => handler(player, ...args));
			if (!ok) warn(`[RemoteGuard] ${remote} from ${player.Name}: ${err}`);
		};
	}
}
