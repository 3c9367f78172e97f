import type { FastifyInstance } from "fastify";
import { forbidden } from "../../../http/errors.js";

/** Spec "IP Whitelisting": with ROBLOX_API_IP_ALLOWLIST set, only those addresses may call the API. */
export function installIpAllowList(app: FastifyInstance, list: string): void {
	const allowed = new Set(list.split(",").map((ip) => normalize(ip.trim())).filter(Boolean));
	app.addHook("onRequest", async (request) => {
		if (!allowed.has(normalize(request.ip))) throw forbidden("This address is not allowed to call the Roblox API");
	});
}

/** `::ffff:127.0.0.1` (IPv4 on a dual-stack socket) is the same caller as `127.0.0.1`. */
const normalize = (ip: string): string => ip.replace(/^::ffff:/i, "").toLowerCase();
