import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressVerdict } from "../../src/security/outbound/addressPolicy.js";
import { OutboundHttp } from "../../src/security/outbound/outboundHttp.js";

describe("outbound address policy", () => {
	const off = { allowLoopback: false };
	const on = { allowLoopback: true };

	it("refuses every internal class, whatever the spelling", () => {
		const internal = [
			"127.0.0.1", "127.255.255.254", "::1", "::ffff:127.0.0.1", "::ffff:7f00:1", "0.0.0.0", "::",
			"10.0.0.1", "172.16.5.4", "192.168.1.1", "::ffff:10.0.0.1",
			"169.254.169.254", "::ffff:169.254.169.254", "fe80::1",
			"100.64.0.1", "100.127.255.254",
			"224.0.0.1", "239.255.255.250", "ff02::1", "255.255.255.255",
			"fd00::1", "fc00::abcd", "2002:7f00:1::", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "64:ff9b::7f00:1",
			"192.0.2.1", "198.18.0.1", "240.0.0.1",
		];
		for (const address of internal) expect([address, addressVerdict(address, off)]).toEqual([address, "forbidden"]);
	});

	it("lets public unicast through, and loopback only with the operator setting", () => {
		for (const address of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) expect(addressVerdict(address, off)).toBe("allowed");
		for (const address of ["127.0.0.1", "::1", "::ffff:127.0.0.1"]) expect(addressVerdict(address, on)).toBe("allowed");
		for (const address of ["10.0.0.1", "169.254.169.254", "fd00::1"]) expect(addressVerdict(address, on)).toBe("forbidden");
		expect(addressVerdict("not-an-ip", off)).toBe("invalid");
	});
});

describe("OutboundHttp with loopback allowed (development setting)", () => {
	let server: Server;
	let port: number;
	const hits: string[] = [];
	beforeAll(async () => {
		server = createServer((req, res) => {
			hits.push(req.url ?? "");
			if (req.url === "/redirect") return void res.writeHead(302, { location: `http://127.0.0.1:${port}/followed` }).end();
			if (req.url === "/huge") {
				res.writeHead(200);
				const chunk = Buffer.alloc(64 * 1024, 97);
				let sent = 0;
				const pump = () => {
					while (sent < 200 && res.write(chunk)) sent++;
					if (sent < 200) res.once("drain", pump);
					else res.end();
				};
				return void pump();
			}
			res.end("ok");
		});
		await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
		port = (server.address() as AddressInfo).port;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it("does not follow redirects: the 3xx is the answer", async () => {
		const http = new OutboundHttp({ allowLoopback: true });
		expect(await http.post(`http://127.0.0.1:${port}/redirect`, {}, "{}")).toEqual({ kind: "answered", status: 302 });
		expect(hits).not.toContain("/followed");
		await http.close();
	});

	it("reads at most maxResponseBytes of an answer", async () => {
		const http = new OutboundHttp({ allowLoopback: true, maxResponseBytes: 1024 });
		const started = Date.now();
		expect(await http.post(`http://127.0.0.1:${port}/huge`, {}, "{}")).toEqual({ kind: "answered", status: 200 });
		expect(Date.now() - started).toBeLessThan(5000);
		await http.close();
	});

	it("reports a closed port as 'unreachable', with no transport detail", async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
		const closedPort = (closed.address() as AddressInfo).port;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const http = new OutboundHttp({ allowLoopback: true });
		expect(await http.post(`http://127.0.0.1:${closedPort}/`, {}, "{}")).toEqual({ kind: "unreachable" });
		await http.close();
	});

	it("gives up on a receiver that never answers within timeoutMs", async () => {
		const silent = createServer(() => undefined);
		await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
		const http = new OutboundHttp({ allowLoopback: true, timeoutMs: 300 });
		const started = Date.now();
		expect(await http.post(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, {}, "{}")).toEqual({ kind: "unreachable" });
		expect(Date.now() - started).toBeLessThan(3000);
		await http.close();
		silent.closeAllConnections();
		await new Promise<void>((resolve) => silent.close(() => resolve()));
	});
});
