import cluster from "node:cluster";

/**
 * SIGINT/SIGTERM handling installed before anything else starts, so Ctrl-C during the first
 * start (opening PGlite, migrating) closes what is open and releases the DATA_DIR lock instead
 * of dying half-way. Cleanups run last-registered-first; a second signal exits at once.
 */
export interface Shutdown {
	/** Registers a cleanup; returns a function that unregisters it (when something else now closes it). */
	add(cleanup: () => unknown): () => void;
}

export function installShutdown(options: { timeoutMs?: number; log?: (line: string) => void } = {}): Shutdown {
	const cleanups: (() => unknown)[] = [];
	const log = options.log ?? ((line: string) => console.error(line));
	let stopping = false;
	const stop = (reason: string) => {
		if (stopping) {
			log(`${reason} again: exiting now`);
			process.exit(1);
		}
		stopping = true;
		log(`${reason}: shutting down`);
		const timer = setTimeout(() => {
			log("Shutdown took too long: exiting");
			process.exit(1);
		}, options.timeoutMs ?? 10_000);
		timer.unref();
		void runCleanups(cleanups, log).then(() => process.exit(0));
	};
	process.on("SIGTERM", stop);
	if (cluster.isWorker) {
		// A WORKERS=N server process (cluster.ts): Ctrl-C reaches the whole process group, and
		// the primary answers it by sending each worker SIGTERM; a worker whose primary is gone stops.
		process.on("SIGINT", () => {});
		process.on("disconnect", () => stopping || stop("primary gone"));
	} else {
		process.on("SIGINT", stop);
	}
	return {
		add(cleanup) {
			cleanups.push(cleanup);
			return () => {
				const index = cleanups.indexOf(cleanup);
				if (index >= 0) cleanups.splice(index, 1);
			};
		},
	};
}

async function runCleanups(cleanups: (() => unknown)[], log: (line: string) => void): Promise<void> {
	for (const cleanup of cleanups.splice(0).reverse()) {
		try {
			await cleanup();
		} catch (error) {
			log(`While shutting down: ${(error as Error).message}`);
		}
	}
}
