/**
 * A minimal synchronous signal for server-side services (no Instances, so it is pure). Each
 * listener runs in its own protected call: one that throws is logged with its error and the
 * others still run, and the caller (often a long-lived worker such as ReportBatcher) never sees
 * the error, so one bad value can never stop a server from reporting.
 */
export class Listeners<T extends unknown[]> {
	private readonly callbacks = new Set<(...args: T) => void>();

	public constructor(private readonly name = "Listeners") {}

	public connect(callback: (...args: T) => void): () => void {
		this.callbacks.add(callback);
		return () => this.callbacks.delete(callback);
	}

	public fire(...args: T): void {
		for (const callback of this.callbacks) {
			const [ok, err] = pcall(callback, ...args);
			if (!ok) warn(`[${this.name}] a listener failed: ${err}`);
		}
	}
}
