/** Counts WebSocket listeners per channel on this instance, for /pusher/status. */
export class SocketRegistry {
	private readonly listeners = new Map<string, number>();

	add(channel: string): void {
		this.listeners.set(channel, (this.listeners.get(channel) ?? 0) + 1);
	}

	remove(channel: string): void {
		const n = (this.listeners.get(channel) ?? 0) - 1;
		if (n <= 0) this.listeners.delete(channel);
		else this.listeners.set(channel, n);
	}

	activeChannels(): number {
		return this.listeners.size;
	}
}
