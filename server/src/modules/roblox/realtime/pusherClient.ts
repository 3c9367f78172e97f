import Pusher from "pusher";
import type { Config } from "../../../config.js";

/** The official Pusher client, or undefined when PUSHER_APP_ID/KEY/SECRET are not all set.
 * PUSHER_HOST/PORT point it at a self-hosted (or stand-in) server instead of the cluster. */
export function createPusher(config: Config): Pusher | undefined {
	const { PUSHER_APP_ID: appId, PUSHER_KEY: key, PUSHER_SECRET: secret } = config;
	if (!appId || !key || !secret) return undefined;
	const base = { appId, key, secret, useTLS: config.PUSHER_USE_TLS, timeout: 5000 };
	if (config.PUSHER_HOST) {
		return new Pusher({ ...base, host: config.PUSHER_HOST, ...(config.PUSHER_PORT ? { port: String(config.PUSHER_PORT) } : {}) });
	}
	return new Pusher({ ...base, cluster: config.PUSHER_CLUSTER });
}
