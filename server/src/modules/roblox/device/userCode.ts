import { randomInt } from "node:crypto";

/**
 * User codes as RFC 8628 §6.1 suggests: 8 characters from 20 consonants (no vowels, so no
 * words; nothing to confuse with a digit), shown as BCDF-GHJK. 20^8 ≈ 2^34.6 codes, with at
 * most a few live at once and approval behind a signed-in teacher's rate limit, is far beyond
 * guessing. Input is read case-insensitively, ignoring dashes and spaces.
 */
const ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
const LENGTH = 8;

export function newUserCode(): string {
	let code = "";
	for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
	return format(code);
}

/** The canonical BCDF-GHJK form of what a teacher typed, or undefined if it cannot be a user code. */
export function normalizeUserCode(input: string): string | undefined {
	const bare = input.toUpperCase().replace(/[\s-]/g, "");
	if (bare.length !== LENGTH || [...bare].some((c) => !ALPHABET.includes(c))) return undefined;
	return format(bare);
}

const format = (bare: string) => `${bare.slice(0, 4)}-${bare.slice(4)}`;
