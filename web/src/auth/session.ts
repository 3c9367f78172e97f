/**
 * The signed-in teacher: tokens kept in localStorage so a reload stays signed in, a subscribe
 * function for React, and the one place that refreshes tokens (single flight: the refresh token
 * is single use, so two concurrent refreshes would revoke the whole family).
 */
export interface SessionUser {
	id: string;
	email: string | null;
	username: string;
	display_name: string | null;
	role: string;
	school_id: string | null;
}

interface Stored {
	accessToken: string;
	refreshToken: string;
	user: SessionUser;
}

const KEY = "classroom.session";
const listeners = new Set<() => void>();
let current: Stored | null = read();
let inflight: Promise<boolean> | null = null;
let endedReason: string | null = null;

export const session = {
	user: (): SessionUser | null => current?.user ?? null,
	accessToken: (): string | null => current?.accessToken ?? null,
	refreshToken: (): string | null => current?.refreshToken ?? null,
	/** Why the last session ended without the teacher signing out (shown on the sign-in page). */
	endedReason: (): string | null => endedReason,
	signIn(accessToken: string, refreshToken: string, user: SessionUser): void {
		endedReason = null;
		write({ accessToken, refreshToken, user });
	},
	signOut(reason: string | null = null): void {
		endedReason = reason;
		write(null);
	},
	subscribe(listener: () => void): () => void {
		listeners.add(listener);
		return () => listeners.delete(listener);
	},
	/** Trades the refresh token for a new pair; false (and signed out) when it was refused. */
	refresh(): Promise<boolean> {
		inflight ??= refreshOnce().finally(() => (inflight = null));
		return inflight;
	},
};

async function refreshOnce(): Promise<boolean> {
	const stored = current;
	if (!stored) return false;
	try {
		const response = await fetch("/v2/auth/refresh", {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ refresh_token: stored.refreshToken }),
		});
		if (!response.ok) {
			session.signOut("Your session has ended. Please sign in again.");
			return false;
		}
		const body = (await response.json()) as { data: { access_token: string; refresh_token: string } };
		write({ ...stored, accessToken: body.data.access_token, refreshToken: body.data.refresh_token });
		return true;
	} catch {
		// Offline: keep the session, the next call tries again.
		return false;
	}
}

function read(): Stored | null {
	try {
		const raw = localStorage.getItem(KEY);
		return raw ? (JSON.parse(raw) as Stored) : null;
	} catch {
		return null;
	}
}

function write(next: Stored | null): void {
	current = next;
	if (next) localStorage.setItem(KEY, JSON.stringify(next));
	else localStorage.removeItem(KEY);
	for (const listener of listeners) listener();
}
