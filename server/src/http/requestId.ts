import { randomFillSync } from "node:crypto";
import type { IncomingMessage } from "node:http";

const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echo a well-formed client `X-Request-ID`; otherwise mint one (`req_` and 32 hex digits).
 * Malformed ids are replaced, not trusted, so a client cannot inject into logs. */
export function requestIdFrom(req: IncomingMessage): string {
	const header = req.headers["x-request-id"];
	const candidate = Array.isArray(header) ? header[0] : header;
	return candidate && CLIENT_ID.test(candidate) ? candidate : `req_${randomHex16()}`;
}

// Random bytes drawn in blocks: one call into the CSPRNG per 512 ids rather than a UUID built
// and stripped of its dashes per request. An id names a request; it is not a secret.
const POOL = Buffer.allocUnsafe(16 * 512);
let offset = POOL.length;

function randomHex16(): string {
	if (offset === POOL.length) {
		randomFillSync(POOL);
		offset = 0;
	}
	const hex = POOL.toString("hex", offset, offset + 16);
	offset += 16;
	return hex;
}
