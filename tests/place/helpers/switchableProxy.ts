/**
 * A loopback HTTP proxy in front of the backend that a test can cut: "down" drops every
 * connection (the place sees a network failure, status 0), "error" answers 503 (a backend that
 * is up but failing), "up" forwards. The place keeps one URL while the backend "goes away".
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ProxyMode = "up" | "down" | "error";

export interface SwitchableProxy {
	url: string;
	mode: ProxyMode;
	/** Requests that reached the proxy, by path (forwarded or not). */
	hits: string[];
	close(): Promise<void>;
}

export async function startSwitchableProxy(target: string): Promise<SwitchableProxy> {
	const upstream = new URL(target);
	const proxy: SwitchableProxy = { url: "", mode: "up", hits: [], close: async () => {} };
	const server = http.createServer((req, res) => {
		proxy.hits.push(req.url ?? "");
		if (proxy.mode === "down") {
			req.socket.destroy();
			return;
		}
		if (proxy.mode === "error") {
			res.writeHead(503, { "content-type": "application/json" }).end('{"success":false,"error":{"code":"UNAVAILABLE","message":"down"}}');
			return;
		}
		const forward = http.request(
			{ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
			(reply) => {
				res.writeHead(reply.statusCode ?? 502, reply.headers);
				reply.pipe(res);
			},
		);
		forward.on("error", () => res.destroy());
		req.pipe(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	proxy.close = () => new Promise<void>((resolve) => {
		server.closeAllConnections();
		server.close(() => resolve());
	});
	return proxy;
}
