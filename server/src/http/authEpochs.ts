import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/client.js";
import { users, type Role } from "../db/tables.js";
import type { Hub } from "../realtime/hub.js";

/** What a credential minted by (or issued to) a user may still do. */
export interface Standing {
	epoch: number;
	role: Role;
	schoolId: string | null;
	active: boolean;
}

/** Every process hears every change here and drops its cached standing of that user. */
const CHANGES_TOPIC = "auth:epochs";
/** Per user, for open sockets that must close when their user's authority changes. */
export const userAuthTopic = (userId: string) => `auth:user:${userId}`;

const MAX_CACHED = 10_000;

/**
 * The per-user auth epoch: a counter on the user row, bumped in the same transaction as any
 * change that takes authority away (disable, role or school change, password change; a deleted
 * row has no standing at all). Access tokens carry the epoch they were issued at and stop
 * working once it moved; place keys, licensing owner keys and bot keys check their minting
 * user's standing. Reads are cached per process for at most `ttlMs` (1 s), and every change is
 * announced on the hub (through Redis when configured) so other processes drop their cached
 * copy at once and open sockets close; the TTL alone already bounds staleness when a pub/sub
 * message is lost.
 */
export class AuthEpochs {
	private readonly cache = new Map<string, { standing: Standing | undefined; at: number }>();
	private readonly stopListening: () => void;
	private readonly read: ReturnType<typeof standingQuery>;

	constructor(
		private readonly db: Db,
		private readonly hub: Hub,
		private readonly ttlMs = 1000,
	) {
		this.read = standingQuery(db);
		this.stopListening = hub.subscribe(CHANGES_TOPIC, (message) => {
			const userId = (message as { userId?: unknown }).userId;
			if (typeof userId === "string") this.cache.delete(userId);
		});
	}

	/** The cached standing when it is fresh enough to use (`standing` undefined: no such user); else undefined. */
	cachedStanding(userId: string): { standing: Standing | undefined } | undefined {
		const cached = this.cache.get(userId);
		return cached && performance.now() - cached.at < this.ttlMs ? cached : undefined;
	}

	/** The user's current standing (undefined: no such user), at most ttlMs old unless `fresh`. */
	async standing(userId: string, options: { fresh?: boolean } = {}): Promise<Standing | undefined> {
		const cached = options.fresh ? undefined : this.cachedStanding(userId);
		if (cached) return cached.standing;
		const [row] = await this.read.execute({ id: userId });
		const standing = row ? { epoch: row.epoch, role: row.role, schoolId: row.schoolId, active: row.status === "active" } : undefined;
		if (this.cache.size >= MAX_CACHED) this.cache.clear();
		this.cache.set(userId, { standing, at: performance.now() });
		return standing;
	}

	/** Whether a user-minted credential may still act: the user exists and is active. */
	async mayAct(userId: string | null | undefined): Promise<boolean> {
		if (!userId) return false;
		return (await this.standing(userId))?.active === true;
	}

	/**
	 * Call after the transaction that bumped the epoch (bumpAuthEpoch) or deleted the user has
	 * committed: every process forgets the cached standing and the user's sockets re-check.
	 */
	async changed(userId: string): Promise<void> {
		this.cache.delete(userId);
		await Promise.all([this.hub.publish(CHANGES_TOPIC, { userId }), this.hub.publish(userAuthTopic(userId), { userId })]).catch(() => {});
	}

	/** Calls `listener` whenever the user's authority changes (on any process). */
	watch(userId: string, listener: () => void): () => void {
		return this.hub.subscribe(userAuthTopic(userId), listener);
	}

	close(): void {
		this.stopListening();
		this.cache.clear();
	}
}

/** Built once: every authenticated request may need it. */
function standingQuery(db: Db) {
	return db
		.select({ epoch: users.authEpoch, role: users.role, schoolId: users.schoolId, status: users.status })
		.from(users)
		.where(eq(users.id, sql.placeholder("id")))
		.prepare("auth_epoch_standing");
}

/** Moves the user's epoch on, inside the caller's transaction; then call AuthEpochs.changed. */
export async function bumpAuthEpoch(db: Db | Tx, userId: string): Promise<void> {
	await db.update(users).set({ authEpoch: sql`${users.authEpoch} + 1` }).where(eq(users.id, userId));
}
