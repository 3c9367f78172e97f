import { randomInt } from "node:crypto";

/**
 * Join codes are read aloud in classrooms and typed by children, so the alphabet leaves out
 * characters that look or sound alike (0/O, 1/I/L) and vowels-heavy words are unlikely.
 * 6 characters over 31 symbols is ~887 million codes; collisions retry (unique index).
 */
export const JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const JOIN_CODE_LENGTH = 6;

export function generateJoinCode(length = JOIN_CODE_LENGTH): string {
	let code = "";
	for (let i = 0; i < length; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
	return code;
}

/** What a child typed -> the stored form: case, spaces and dashes do not matter. */
export const normalizeJoinCode = (input: string): string => input.toUpperCase().replace(/[\s-]/g, "");
