import { Readable } from "node:stream";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError } from "../../../http/errors.js";
import { hmacSha256Hex, safeEqual } from "../../../security/crypto.js";

/**
 * Optional inbound request signing (spec "Security / HMAC Signature"). With a secret configured
 * every request must carry
 *   X-Timestamp: <unix seconds>            (within TOLERANCE_SECONDS of the server clock)
 *   X-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<METHOD>.<path?query>.<raw body>")>
 * Method and URL are signed too, so a captured signature cannot be replayed on another route.
 * Compared in constant time. Routes that cannot be signed by their caller (the OAuth redirect
 * from Roblox, the browser WebSocket) are exempt.
 */
export const TOLERANCE_SECONDS = 300;

export function signRequest(secret: string, timestamp: number, method: string, url: string, rawBody: string): string {
	return `sha256=${hmacSha256Hex(secret, `${timestamp}.${method.toUpperCase()}.${url}.${rawBody}`)}`;
}

declare module "fastify" {
	interface FastifyRequest {
		robloxRawBody?: string;
	}
}

export function installRequestSigning(app: FastifyInstance, secret: string, clock: () => number, exempt: (request: FastifyRequest) => boolean): void {
	app.addHook("preParsing", async (request, _reply, payload) => {
		if (exempt(request)) return payload;
		const chunks: Buffer[] = [];
		for await (const chunk of payload) chunks.push(Buffer.from(chunk as Buffer));
		const raw = Buffer.concat(chunks);
		request.robloxRawBody = raw.toString("utf8");
		const replay = Readable.from([raw]) as Readable & { receivedEncodedLength?: number };
		replay.receivedEncodedLength = raw.length;
		return replay;
	});
	// preValidation runs after parsing and before schema validation, for bodiless requests too.
	app.addHook("preValidation", async (request) => {
		if (exempt(request)) return;
		const timestamp = Number(header(request, "x-timestamp"));
		const signature = header(request, "x-signature");
		if (!signature || !Number.isInteger(timestamp)) throw invalidSignature("X-Signature and X-Timestamp are required");
		if (Math.abs(clock() / 1000 - timestamp) > TOLERANCE_SECONDS) throw invalidSignature(`X-Timestamp is more than ${TOLERANCE_SECONDS} s from server time`);
		const expected = signRequest(secret, timestamp, request.method, request.url, request.robloxRawBody ?? "");
		if (!safeEqual(signature, expected)) throw invalidSignature("X-Signature does not match");
	});
}

function header(request: FastifyRequest, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

const invalidSignature = (message: string) => new AppError(401, "INVALID_SIGNATURE", message);
