import { createHmac, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Config, SecretName } from "../config.js";
import type { Db } from "../db/client.js";
import { secretFingerprints } from "../db/tables.js";

/**
 * Every process on one database must sign tokens with the same JWT_SECRET and seal credentials
 * with the same CREDENTIALS_KEY, or a token from one is 401 on the other and a webhook secret
 * sealed by one cannot be opened by the other. The first process to start records a
 * fingerprint of each (an HMAC of a fixed label keyed by the secret: it proves equality and
 * reveals nothing); a later process whose secrets differ refuses to start, naming the
 * variables. SECRETS_REPLACE=true accepts the new secrets on purpose (rotation) and records them.
 */
export class SecretsMismatchError extends Error {}

export async function checkSharedSecrets(db: Db, config: Config): Promise<void> {
	const mine = { jwtSecret: fingerprint(config.JWT_SECRET), credentialsKey: fingerprint(config.CREDENTIALS_KEY) };
	await db.insert(secretFingerprints).values({ id: 1, ...mine }).onConflictDoNothing();
	const [recorded] = await db.select().from(secretFingerprints).where(eq(secretFingerprints.id, 1));
	const differing: SecretName[] = [];
	if (!same(recorded.jwtSecret, mine.jwtSecret)) differing.push("JWT_SECRET");
	if (!same(recorded.credentialsKey, mine.credentialsKey)) differing.push("CREDENTIALS_KEY");
	if (differing.length === 0) return;
	if (config.SECRETS_REPLACE) {
		await db.update(secretFingerprints).set({ ...mine, updatedAt: new Date() }).where(eq(secretFingerprints.id, 1));
		return;
	}
	throw new SecretsMismatchError(mismatchMessage(differing, config.generatedSecrets));
}

function mismatchMessage(differing: SecretName[], generated: SecretName[]): string {
	const unset = differing.filter((name) => generated.includes(name));
	const lines = [
		`Refusing to start: ${differing.join(" and ")} ${differing.length > 1 ? "differ" : "differs"} from the ${differing.length > 1 ? "values" : "value"} this database is used with (by another server process, or an earlier start).`,
	];
	if (unset.length > 0) {
		lines.push(`  ${unset.join(" and ")} ${unset.length > 1 ? "are" : "is"} not set, so this process generated its own (kept in DATA_DIR/secrets).`);
	}
	lines.push(
		"  Set JWT_SECRET and CREDENTIALS_KEY to the same values on every process that uses this database.",
		"  To replace them on purpose, start once with SECRETS_REPLACE=true: tokens issued before stop working and credentials sealed with the old CREDENTIALS_KEY can no longer be opened.",
	);
	return lines.join("\n");
}

const fingerprint = (secret: string): string => createHmac("sha256", secret).update("classroom secret fingerprint v1").digest("hex");

const same = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
