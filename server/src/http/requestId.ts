import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

const CLIENT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Echo a well-formed client `X-Request-ID`; otherwise mint one. Malformed ids are replaced, not
 * trusted, so a client cannot inject into logs. */
export function requestIdFrom(req: IncomingMessage): string {
	const header = req.headers["x-request-id"];
	const candidate = Array.isArray(header) ? header[0] : header;
	return candidate && CLIENT_ID.test(candidate) ? candidate : `req_${randomUUID().replaceAll("-", "")}`;
}
