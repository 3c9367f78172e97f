import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Credentials at rest (OAuth tokens, Roblox cookies, webhook secrets) are sealed with
 * AES-256-GCM under CREDENTIALS_KEY. The sealed form is `v1.<iv>.<tag>.<ciphertext>` in
 * base64url so it fits a text column and can be rotated by version later.
 */
export class CredentialCipher {
	private readonly key: Buffer;

	constructor(hexKey: string) {
		this.key = Buffer.from(hexKey, "hex");
		if (this.key.length !== 32) throw new Error("CREDENTIALS_KEY must be 32 bytes (64 hex characters)");
	}

	seal(plaintext: string): string {
		const iv = randomBytes(12);
		const cipher = createCipheriv("aes-256-gcm", this.key, iv);
		const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
		return ["v1", iv, cipher.getAuthTag(), body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
	}

	open(sealed: string): string {
		const [version, iv, tag, body] = sealed.split(".");
		if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("Not a sealed credential");
		const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64url"));
		decipher.setAuthTag(Buffer.from(tag, "base64url"));
		return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
	}
}

export const sha256Hex = (value: string | Buffer): string => createHash("sha256").update(value).digest("hex");

export const hmacSha256Hex = (secret: string | Buffer, value: string | Buffer): string =>
	createHmac("sha256", secret).update(value).digest("hex");

/** Constant-time comparison of two strings of any length. */
export function safeEqual(a: string, b: string): boolean {
	const ha = createHash("sha256").update(a).digest();
	const hb = createHash("sha256").update(b).digest();
	return timingSafeEqual(ha, hb) && a.length === b.length;
}

/** URL-safe random token with `bytes` of entropy. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString("base64url");
