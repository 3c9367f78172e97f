import { createHmac, randomUUID } from "node:crypto";
import { once } from "node:events";
import { connect, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/testApp.js";

const SECRET = "inbound-signing-secret-0123";
let now = Date.parse("2026-03-01T09:00:00Z");
let t: TestApp;
let teacher: { token: string };

beforeAll(async () => {
	t = await startTestApp({ ROBLOX_API_SIGNING_SECRET: SECRET, ROBLOX_API_IP_ALLOWLIST: "127.0.0.1, ::1" }, { clock: () => now });
	teacher = await t.createUser({ role: "teacher" });
});
afterAll(() => t.close());

/**
 * The documented format, computed here with node:crypto rather than the server's own function,
 * so a server that stopped signing a part (timestamp, nonce, route) fails these tests:
 * sha256=<hex HMAC-SHA256(secret, "<X-Timestamp>.<X-Nonce>.<METHOD>.<path?query>.<raw body>")>.
 */
const sign = (timestamp: number, nonce: string, method: string, url: string, body: string) =>
	`sha256=${createHmac("sha256", SECRET).update(`${timestamp}.${nonce}.${method}.${url}.${body}`).digest("hex")}`;

interface SignedOptions {
	timestamp?: number;
	nonce?: string;
	signUrl?: string;
	signBody?: string;
	signTimestamp?: number;
}

function signedHeaders(url: string, payload: string, options: SignedOptions = {}) {
	const timestamp = options.timestamp ?? Math.floor(now / 1000);
	const nonce = options.nonce ?? randomUUID();
	const signature = sign(options.signTimestamp ?? timestamp, nonce, "POST", options.signUrl ?? url, options.signBody ?? payload);
	return { "content-type": "application/json", "x-timestamp": String(timestamp), "x-nonce": nonce, "x-signature": signature };
}

const signed = (url: string, payload: string, options: SignedOptions = {}) =>
	t.request({ method: "POST", url, token: teacher.token, payload, headers: signedHeaders(url, payload, options) });

const expectInvalid = (res: { statusCode: number; json(): { error: { code: string } } }) => {
	expect(res.statusCode).toBe(401);
	expect(res.json().error.code).toBe("INVALID_SIGNATURE");
};

describe("request signing and IP allow-list", () => {
	const url = "/api/v1/roblox/conversation/start";
	const body = JSON.stringify({ initial_message: "Science for grade 4" });

	it("accepts a correctly signed request", async () => {
		const res = await signed(url, body);
		expect(res.statusCode).toBe(201);
	});

	it("refuses missing, tampered, replayed-elsewhere and stale signatures with 401 INVALID_SIGNATURE", async () => {
		const unsigned = await t.request({ method: "POST", url, token: teacher.token, payload: JSON.parse(body) });
		const noNonce = await t.request({ method: "POST", url, token: teacher.token, payload: body, headers: { ...signedHeaders(url, body), "x-nonce": "" } });
		const tampered = await signed(url, body.replace("4", "9"), { signBody: body });
		const otherRoute = await signed(url, body, { signUrl: "/api/v1/roblox/webhooks" });
		const stale = await signed(url, body, { timestamp: Math.floor(now / 1000) - 301 });
		for (const res of [unsigned, noNonce, tampered, otherRoute, stale]) expectInvalid(res);
		const edge = await signed(url, body, { timestamp: Math.floor(now / 1000) - 299 });
		expect(edge.statusCode).toBe(201);
	});

	it("binds the timestamp: a signature made for an older timestamp, sent with a fresh X-Timestamp, is refused", async () => {
		const fresh = Math.floor(now / 1000);
		expectInvalid(await signed(url, body, { timestamp: fresh, signTimestamp: fresh - 60 }));
	});

	it("accepts a signed request once: the same request replayed within the window is refused", async () => {
		const headers = signedHeaders(url, body);
		const first = await t.request({ method: "POST", url, token: teacher.token, payload: body, headers });
		expect(first.statusCode).toBe(201);
		now += 10_000;
		const replay = await t.request({ method: "POST", url, token: teacher.token, payload: body, headers });
		expectInvalid(replay);
		expect(replay.json().error.message).toMatch(/already used/);
	});

	it("exempts the OAuth redirect, which Roblox's browser redirect cannot sign", async () => {
		const res = await t.request({ method: "GET", url: "/api/v1/roblox/auth/callback?state=unknown&code=x" });
		expect(res.json().error.code).toBe("invalid_grant");
	});

	it("refuses addresses outside the allow-list", async () => {
		const res = await t.app.inject({ method: "GET", url: "/api/v1/roblox/rojo/check", remoteAddress: "10.1.2.3" });
		expect(res.statusCode).toBe(403);
		expect(res.json().error.code).toBe("FORBIDDEN");
	});
});

describe("a 60 MB body is refused without being read", () => {
	const SIXTY_MB = 60 * 1024 * 1024;
	const url = "/api/v1/roblox/conversation/start";
	let port: number;
	beforeAll(async () => {
		await t.app.listen({ port: 0, host: "127.0.0.1" });
		port = (t.app.server.address() as AddressInfo).port;
	});

	/** Sends the head, then body chunks until the server answers; returns the answer and how much body went out. */
	async function upload(head: string, chunk: Buffer | undefined): Promise<{ status: number; bodyBytesSent: number }> {
		const socket = connect(port, "127.0.0.1");
		await once(socket, "connect");
		let answer = "";
		const answered = new Promise<void>((resolve) => socket.on("data", (data) => ((answer += data.toString()), resolve())));
		socket.on("error", () => undefined);
		socket.write(head);
		let sent = 0;
		let done = false;
		void answered.then(() => (done = true));
		while (chunk && !done && sent < SIXTY_MB) {
			const writable = socket.write(chunk);
			sent += chunk.length;
			if (!writable) await Promise.race([once(socket, "drain"), answered, new Promise((r) => setTimeout(r, 5000))]);
		}
		await Promise.race([answered, new Promise((r) => setTimeout(r, 5000))]);
		socket.destroy();
		return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0), bodyBytesSent: sent };
	}

	const head = (headers: Record<string, string>) =>
		`POST ${url} HTTP/1.1\r\nhost: 127.0.0.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n`;

	it("answers an unsigned 60 MB upload with 401 before a single body byte is sent", async () => {
		const res = await upload(head({ "content-type": "application/json", "content-length": String(SIXTY_MB) }), undefined);
		expect(res).toEqual({ status: 401, bodyBytesSent: 0 });
	});

	it("answers a signed-looking upload announcing 60 MB with 413 before a single body byte is sent", async () => {
		const headers = signedHeaders(url, "");
		const res = await upload(head({ ...headers, "content-length": String(SIXTY_MB) }), undefined);
		expect(res).toEqual({ status: 413, bodyBytesSent: 0 });
	});

	it("stops reading a chunked upload at the body limit (1 MB) and answers 413 long before 60 MB went out", async () => {
		const data = Buffer.alloc(64 * 1024, 0x20);
		const chunk = Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")]);
		const res = await upload(head({ ...signedHeaders(url, ""), "transfer-encoding": "chunked" }), chunk);
		expect(res.status).toBe(413);
		// Loopback socket buffers hold a few MB the server never reads; the old code read all 60.
		expect(res.bodyBytesSent).toBeLessThan(16 * 1024 * 1024);
	});
});
