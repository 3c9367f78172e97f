import type { FastifyInstance, FastifyRequest } from "fastify";
import { Readable } from "node:stream";
import { AppError } from "../../../http/errors.js";
import { hmacSha256Hex, safeEqual } from "../../../security/crypto.js";
import type { NonceStore } from "./nonceStore.js";

/**
 * Optional inbound request signing (spec "Security / HMAC Signature"). With
 * ROBLOX_API_SIGNING_SECRET set, every request carries
 *   X-Timestamp: <unix seconds>                within TOLERANCE_SECONDS of the server clock
 *   X-Nonce:     <16-128 of [A-Za-z0-9_-]>     fresh per request (a UUID or random hex will do)
 *   X-Signature: sha256=<hex HMAC-SHA256(secret, "<X-Timestamp>.<X-Nonce>.<METHOD>.<path?query>.<raw body>")>
 * This is the one format (config.ts and the module README point here). Timestamp, nonce, method
 * and URL are all signed, so a signature cannot be moved to another time, route or body, and a
 * nonce is accepted once within the window (NonceStore), so the same signed request is not
 * accepted twice. Checks that need no body (headers present, timestamp fresh, Content-Length
 * within the body limit) run before a byte of the body is read, and the body is read at most up
 * to the limit: an unsigned or oversized upload is refused without being buffered. Compared in
 * constant time. Routes their callers cannot sign (the OAuth redirect from Roblox, the browser
 * WebSocket) are exempt.
 */
export const TOLERANCE_SECONDS = 300;
const NONCE = /^[A-Za-z0-9_-]{16,128}$/;

export function signRequest(secret: string, timestamp: number, nonce: string, method: string, url: string, rawBody: string): string {
	return `sha256=${hmacSha256Hex(secret, `${timestamp}.${nonce}.${method.toUpperCase()}.${url}.${rawBody}`)}`;
}

declare module "fastify" {
	interface FastifyRequest {
		robloxRawBody?: string;
	}
}

export interface SigningOptions {
	secret: string;
	clock: () => number;
	nonces: NonceStore;
	bodyLimit: number;
	exempt: (request: FastifyRequest) => boolean;
}

export function installRequestSigning(app: FastifyInstance, { secret, clock, nonces, bodyLimit, exempt }: SigningOptions): void {
	app.addHook("onRequest", async (request) => {
		if (exempt(request)) return;
		const { timestamp, nonce, signature } = signingHeaders(request);
		if (!signature || !nonce || !Number.isInteger(timestamp)) throw invalidSignature("X-Signature, X-Timestamp and X-Nonce are required");
		if (!NONCE.test(nonce)) throw invalidSignature("X-Nonce must be 16-128 characters of A-Z, a-z, 0-9, '_' or '-'");
		if (Math.abs(clock() / 1000 - timestamp) > TOLERANCE_SECONDS) throw invalidSignature(`X-Timestamp is more than ${TOLERANCE_SECONDS} s from server time`);
		if (Number(request.headers["content-length"] ?? 0) > limitFor(request, bodyLimit)) throw tooLarge();
	});
	app.addHook("preParsing", async (request, _reply, payload) => {
		if (exempt(request)) return payload;
		const limit = limitFor(request, bodyLimit);
		const chunks: Buffer[] = [];
		let size = 0;
		for await (const chunk of payload) {
			size += (chunk as Buffer).length;
			if (size > limit) throw tooLarge(); // leaving the loop destroys the stream: nothing more is read
			chunks.push(Buffer.from(chunk as Buffer));
		}
		const raw = Buffer.concat(chunks);
		request.robloxRawBody = raw.toString("utf8");
		const replay = Readable.from([raw]) as Readable & { receivedEncodedLength?: number };
		replay.receivedEncodedLength = raw.length;
		return replay;
	});
	// preValidation runs after parsing and before schema validation, for bodiless requests too.
	app.addHook("preValidation", async (request) => {
		if (exempt(request)) return;
		const { timestamp, nonce, signature } = signingHeaders(request);
		const expected = signRequest(secret, timestamp, nonce!, request.method, request.url, request.robloxRawBody ?? "");
		if (!safeEqual(signature!, expected)) throw invalidSignature("X-Signature does not match");
		// Claimed only once the signature holds, so nobody can burn another caller's nonces.
		if (!(await nonces.claim(nonce!, 2 * TOLERANCE_SECONDS * 1000))) throw invalidSignature("X-Nonce was already used: a signed request is accepted once");
	});
}

function signingHeaders(request: FastifyRequest) {
	return { timestamp: Number(header(request, "x-timestamp")), nonce: header(request, "x-nonce"), signature: header(request, "x-signature") };
}

function header(request: FastifyRequest, name: string): string | undefined {
	const value = request.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

const limitFor = (request: FastifyRequest, fallback: number): number => request.routeOptions.bodyLimit ?? fallback;

// Refused before the body was read: close the connection rather than drain what the client still sends.
const invalidSignature = (message: string) => new AppError(401, "INVALID_SIGNATURE", message, undefined, { connection: "close" });
const tooLarge = () => new AppError(413, "PAYLOAD_TOO_LARGE", "Request body is too large", undefined, { connection: "close" });
