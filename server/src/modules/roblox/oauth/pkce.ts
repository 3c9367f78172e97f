import { createHash } from "node:crypto";
import { randomToken } from "../../../security/crypto.js";

/** RFC 7636 S256: a 64-character verifier (unreserved alphabet) and base64url(SHA-256(verifier)). */
export const createCodeVerifier = (): string => randomToken(48);

export const codeChallenge = (verifier: string): string => createHash("sha256").update(verifier).digest("base64url");
