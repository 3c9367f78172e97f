import { MinuteWindow } from "shared/classroom/budget";

/** Yields the calling thread until `window` has a free slot, then takes it. */
export function takeSlot(window: MinuteWindow): void {
	for (;;) {
		const wait = window.waitFor(os.clock());
		if (wait <= 0) break;
		task.wait(wait);
	}
	window.record(os.clock());
}
