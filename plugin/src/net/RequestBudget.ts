/**
 * HttpService allows 500 requests a minute; past that Roblox stalls a request for about 30 s and
 * then fails it. The plugin counts its own requests in a rolling minute and waits for a free
 * slot itself, so the widget can say why it is waiting instead of freezing.
 */
export class RequestBudget {
	private readonly sent = new Array<number>();

	public constructor(
		private readonly limit = 500,
		private readonly window = 60,
		private readonly clock: () => number = os.clock,
	) {}

	/** Seconds until a request may be sent (0: now). */
	public wait(): number {
		this.prune();
		if (this.sent.size() < this.limit) return 0;
		return math.max(0, this.sent[0] + this.window - this.clock());
	}

	public take(): void {
		this.prune();
		this.sent.push(this.clock());
	}

	private prune(): void {
		const now = this.clock();
		while (this.sent.size() > 0 && now - this.sent[0] >= this.window) this.sent.shift();
	}
}
