import { hmacSha256Hex } from "../../../security/crypto.js";

/**
 * Outgoing webhook signature: `X-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`. The body
 * carries `timestamp` (and X-Timestamp repeats it), so the signed bytes pin the time: a receiver
 * verifies the signature over the exact raw bytes, then refuses timestamps older than 300 s.
 * The spec's sample payload shows `signature` inside the body; a body cannot carry its own HMAC,
 * so it travels in the header.
 */
export const signBody = (secret: string, rawBody: string): string => `sha256=${hmacSha256Hex(secret, rawBody)}`;
