/** A minimal synchronous signal for server-side services (no Instances, so it is pure). */
export class Listeners<T extends unknown[]> {
	private readonly callbacks = new Set<(...args: T) => void>();

	public connect(callback: (...args: T) => void): () => void {
		this.callbacks.add(callback);
		return () => this.callbacks.delete(callback);
	}

	public fire(...args: T): void {
		for (const callback of this.callbacks) callback(...args);
	}
}
