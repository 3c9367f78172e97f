import type { FastifyInstance } from "fastify";

/**
 * Runs `sweep` once the server is ready (what a restart left behind) and then every `everyMs`;
 * logs how many rows it put right. The Roblox module's sweeps re-queue webhook deliveries whose
 * job was lost and fail generations whose job was lost, so neither stays pending for good.
 */
export function scheduleSweep(app: FastifyInstance, name: string, everyMs: number, sweep: () => Promise<number>): void {
	let timer: NodeJS.Timeout | undefined;
	const run = () =>
		void sweep().then(
			(count) => count > 0 && app.log.info({ count }, name),
			(error: unknown) => app.log.warn({ err: error }, `${name}: sweep failed`),
		);
	app.addHook("onReady", async () => {
		run();
		timer = setInterval(run, everyMs);
		timer.unref();
	});
	app.addHook("onClose", async () => clearInterval(timer));
}
