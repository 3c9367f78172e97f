import { randomToken, sha256Hex } from "./crypto.js";

/**
 * API keys (place keys, owner keys, workspace keys) are `<prefix>_<random>` with 192 bits of
 * entropy. Only the SHA-256 digest is stored: a high-entropy key needs no slow hash, and a
 * digest lookup keeps verification O(1) on hot paths like heartbeats.
 */
export function mintApiKey(prefix: string): { key: string; hash: string; hint: string } {
	const key = `${prefix}_${randomToken(24)}`;
	return { key, hash: hashApiKey(key), hint: keyHint(key) };
}

export const hashApiKey = (key: string): string => sha256Hex(key);

/** The part of a key that is safe to log or show: its first 9 characters. */
export const keyHint = (key: string): string => key.slice(0, 9);
