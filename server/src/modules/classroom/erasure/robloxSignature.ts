import { createHmac, timingSafeEqual } from "node:crypto";

/** How old a signed notification may be, and how far ahead of our clock (Roblox's docs: 10 min). */
export const MAX_AGE_SECONDS = 600;
export const MAX_FUTURE_SECONDS = 60;

/**
 * Verifies Roblox's webhook signature header, `roblox-signature: t=<unix s>,v1=<base64
 * HMAC-SHA256(secret, "<t>.<raw body>")>`, over the raw body exactly as received (a re-serialised
 * body would not match). Any v1 value may match (Roblox may send more than one while a secret
 * rotates); comparison is constant-time. Returns why it is refused, or undefined when valid.
 */
export function verifyRobloxSignature(secret: string, header: string | string[] | undefined, rawBody: string, nowSeconds: number): string | undefined {
	if (typeof header !== "string" || header.length === 0 || header.length > 2048) return "missing roblox-signature header";
	const { t, v1 } = parseHeader(header);
	if (!t || !/^\d{1,12}$/.test(t) || v1.length === 0) return "malformed roblox-signature header";
	const timestamp = Number(t);
	if (nowSeconds - timestamp > MAX_AGE_SECONDS || timestamp - nowSeconds > MAX_FUTURE_SECONDS) return "stale roblox-signature timestamp";
	const expected = digest(secret, t, rawBody);
	return v1.some((candidate) => sameBytes(expected, Buffer.from(candidate, "base64"))) ? undefined : "roblox-signature does not match";
}

/** The header's value for a body, as Roblox computes it (tests and local tooling). */
export const signRobloxBody = (secret: string, timestampSeconds: number, rawBody: string): string =>
	`t=${timestampSeconds},v1=${digest(secret, String(timestampSeconds), rawBody).toString("base64")}`;

const digest = (secret: string, timestamp: string, rawBody: string): Buffer => createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest();

function parseHeader(header: string): { t?: string; v1: string[] } {
	let t: string | undefined;
	const v1: string[] = [];
	for (const part of header.split(",")) {
		// Split at the first "=" only: base64 values end in "=" padding.
		const at = part.indexOf("=");
		if (at < 0) continue;
		const name = part.slice(0, at).trim();
		const value = part.slice(at + 1).trim();
		if (name === "t") t = value;
		else if (name === "v1" && value) v1.push(value);
	}
	return { t, v1 };
}

function sameBytes(a: Buffer, b: Buffer): boolean {
	return a.length === b.length && timingSafeEqual(a, b);
}
