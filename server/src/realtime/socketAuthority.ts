import type { AuthEpochs } from "../http/authEpochs.js";

/** Close codes shared by every WebSocket: the credential lapsed (expired) or lost its authority. */
export const SOCKET_CLOSE = { expired: 4401, revoked: 4403 } as const;

/** A missed hub message (Redis pub/sub is fire-and-forget) is caught by this periodic re-check. */
const RECHECK_MS = 30_000;
/** setTimeout's ceiling; a longer token lifetime is re-armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface SocketAuthority {
	/** The user whose authority the socket borrows: the token's subject, or the key's minting user. */
	userId: string;
	/** When the credential expires (ms since the Unix epoch); undefined for keys without expiry. */
	expiresAt?: number;
	/** Re-checks the credential from the database (uncached); false closes the socket with 4403. */
	stillValid(): Promise<boolean>;
	close(code: number, reason: string): void;
}

/**
 * Keeps an open socket honest after its handshake: closed with 4401 when its token expires and
 * 4403 as soon as the user's authority changes (disabled, demoted, moved, deleted, password
 * changed; for a key, its minting user disabled or deleted). Changes arrive through the hub, so
 * a socket on another process closes too. Returns the function that stops watching (call it
 * when the socket closes).
 */
export function guardSocket(epochs: AuthEpochs, authority: SocketAuthority): () => void {
	let stopped = false;
	let expiry: NodeJS.Timeout | undefined;
	const stop = () => {
		stopped = true;
		clearTimeout(expiry);
		clearInterval(recheck);
		unwatch();
	};
	const end = (code: number, reason: string) => {
		if (stopped) return;
		stop();
		authority.close(code, reason);
	};
	const verify = () => {
		if (stopped) return;
		authority.stillValid().then(
			(valid) => valid || end(SOCKET_CLOSE.revoked, "authority changed"),
			() => undefined,
		);
	};
	const armExpiry = () => {
		if (authority.expiresAt === undefined) return;
		const left = authority.expiresAt - Date.now();
		if (left <= 0) return end(SOCKET_CLOSE.expired, "token expired");
		expiry = setTimeout(armExpiry, Math.min(left, MAX_TIMER_MS));
		expiry.unref();
	};

	const unwatch = epochs.watch(authority.userId, verify);
	const recheck = setInterval(verify, RECHECK_MS);
	recheck.unref();
	armExpiry();
	return stop;
}
