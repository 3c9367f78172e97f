/** Small pieces of the simulation: a seeded generator and rolling-minute peaks. */
export class Rng {
	private state: number;

	constructor(seed: number) {
		this.state = (Math.abs(Math.floor(seed)) % 2147483646) + 1;
	}

	next(): number {
		this.state = (this.state * 48271) % 2147483647;
		return (this.state - 1) / 2147483646;
	}

	range(min: number, max: number): number {
		return min + this.next() * (max - min);
	}

	int(min: number, max: number): number {
		return Math.floor(this.range(min, max + 1));
	}
}

/**
 * The most requests in any 60 s window, from samples of a running total `[time, total]`
 * (sorted by time).
 */
export function minuteWindowPeak(samples: Array<[number, number]>): number {
	let peak = 0;
	let start = 0;
	for (let end = 0; end < samples.length; end++) {
		while (samples[end][0] - samples[start][0] > 60) start++;
		peak = Math.max(peak, samples[end][1] - samples[start][1]);
	}
	return peak;
}
