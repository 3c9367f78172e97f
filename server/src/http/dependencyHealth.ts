/**
 * What the health route reports beyond the database: each dependency's last known state, as
 * the code that uses it observed it (Redis, Discord...). A dependency marked `critical` fails
 * the health check (503): requests need it. Others (an upstream with a bad token) show
 * `status: "degraded"` with their state, answered 200, since restarting this process would not
 * fix them. Transitions are logged once each way, not once per failing call.
 */
export interface DependencyState {
	ok: boolean;
	/** Short, stable word for the health route ("ok", "unreachable", "unauthorized"...). */
	state: string;
	critical: boolean;
	since: number;
}

export interface DependencyLog {
	warn(details: object, message: string): void;
	info(details: object, message: string): void;
}

export class DependencyHealth {
	private readonly states = new Map<string, DependencyState>();
	private log: DependencyLog = silent;

	constructor(private readonly clock: () => number = Date.now) {}

	/** The app's logger, once there is one (services are built before the app). */
	useLog(log: DependencyLog): void {
		this.log = log;
	}

	/** Records the current state; logs only when it changes. */
	report(name: string, state: string, options: { critical?: boolean; reason?: string } = {}): void {
		const ok = state === "ok";
		const previous = this.states.get(name);
		if (previous?.state === state) return;
		this.states.set(name, { ok, state, critical: options.critical ?? false, since: this.clock() });
		if (!ok) this.log.warn({ dependency: name, state, reason: options.reason }, `${name} is ${state}`);
		else if (previous) this.log.info({ dependency: name }, `${name} recovered`);
	}

	snapshot(): Record<string, DependencyState> {
		return Object.fromEntries(this.states);
	}
}

const silent: DependencyLog = { warn() {}, info() {} };
