import type { FastifyInstance } from "fastify";
import type { WebhookService } from "./service.js";

/**
 * Runs WebhookService.redrive once the server is ready (deliveries whose jobs a restart
 * dropped) and then every `everyMs`, for deliveries undelivered for longer than `everyMs`.
 */
export function scheduleRedrive(app: FastifyInstance, webhooks: WebhookService, everyMs: number): void {
	let timer: NodeJS.Timeout | undefined;
	const sweep = () =>
		void webhooks.redrive(everyMs).then(
			(count) => count > 0 && app.log.info({ count }, "webhook deliveries queued again"),
			(error: unknown) => app.log.warn({ err: error }, "webhook redrive failed"),
		);
	app.addHook("onReady", async () => {
		sweep();
		timer = setInterval(sweep, everyMs);
		timer.unref();
	});
	app.addHook("onClose", async () => clearInterval(timer));
}
