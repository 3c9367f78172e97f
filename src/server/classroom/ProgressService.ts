import { OnStart, Service } from "@flamework/core";
import { DataStoreService, HttpService, MessagingService } from "@rbxts/services";
import type { OnPlayerJoin, OnPlayerLeave } from "server/players/PlayerLifecycle";
import { Listeners } from "shared/classroom/listeners";
import { acknowledge, answerKey, AnswerRecord, ProfileData, recordAnswer, setEarned } from "shared/classroom/profile";
import { ClassroomConfig } from "./ClassroomConfig";
import { Profile, ProfileStore } from "./ProfileStore";

const RELEASE_TOPIC = "ClassroomProfileRelease";

interface Session {
	player: Player;
	profile?: Profile;
	/** Answers acknowledged to the player before the profile finished loading. */
	pending: Array<{ answer: AnswerRecord; streak: number }>;
	dirtySince?: number;
	leaving: boolean;
	saving?: boolean;
}

/**
 * One session-locked profile per player (see ProfileStore for the guarantees). Answers are
 * applied to the in-memory profile at once, so the player never waits for a DataStore; they are
 * written within `saveDelay` seconds, on autosave, when the player leaves and in BindToClose.
 * An answer that arrives before the profile has loaded is kept and applied on load.
 */
@Service()
export class ProgressService implements OnStart, OnPlayerJoin, OnPlayerLeave {
	/** Fires when a profile is ready, with its unreported answer keys. */
	public readonly loaded = new Listeners<[player: Player, data: ProfileData]>("ProgressService.loaded");
	private readonly sessions = new Map<number, Session>();
	private readonly inFlight = new Set<thread>();
	/** Players whose release save is still running here; a rejoin waits for it before loading. */
	private readonly releasing = new Set<number>();
	private store!: ProfileStore;
	private readonly serverId = `${game.JobId}:${HttpService.GenerateGUID(false)}`;

	public constructor(private readonly config: ClassroomConfig) {}

	public onStart(): void {
		const settings = this.config.settings;
		this.store = new ProfileStore({
			store: DataStoreService.GetDataStore(settings.profileStore) as never,
			budget: () => DataStoreService.GetRequestBudgetForRequestType(Enum.DataStoreRequestType.UpdateAsync),
			reserve: settings.dataStoreReserve,
			requestRelease: (key) => this.publishRelease(key),
			now: () => os.time(),
			userIdsOf: (key) => userIdsOfKey(key),
			wait: (s) => task.wait(s),
			serverId: this.serverId,
			placeId: game.PlaceId,
		});
		pcall(() =>
			MessagingService.SubscribeAsync(RELEASE_TOPIC, (message) => this.onReleaseRequest(message.Data)),
		);
		task.spawn(() => this.autosaveLoop());
		game.BindToClose(() => this.closeAll());
	}

	/** Opens the player's profile (PlayerLifecycle calls this before any other join listener). */
	public onPlayerJoin(player: Player): void {
		this.open(player);
	}

	/** Saves and releases the profile (after every other leave listener has read it). */
	public onPlayerLeave(player: Player): void {
		this.close(player);
	}

	/** The loaded profile's data, or undefined while it is loading. */
	public dataOf(player: Pick<Player, "UserId">): ProfileData | undefined {
		return this.sessions.get(player.UserId)?.profile?.data;
	}

	/** Records an answer the server already scored; never yields. */
	public recordAnswer(player: Player, answer: AnswerRecord, streak: number): void {
		const session = this.sessions.get(player.UserId);
		if (!session) return;
		if (!session.profile) {
			session.pending.push({ answer, streak });
			return;
		}
		if (recordAnswer(session.profile.data, answer, streak)) {
			session.profile.unsaved.push(answer);
			this.markDirty(session);
		}
	}

	/** The backend has these answers; drop them from the player's outbox. */
	public acknowledge(userId: number, keys: string[]): void {
		const session = this.sessions.get(userId);
		if (!session?.profile) return;
		acknowledge(session.profile.data, keys);
		this.markDirty(session);
	}

	/** The backend scored an answer differently: its figure wins. */
	public correctEarned(userId: number, sessionId: string, questionId: string, earned: number): void {
		const session = this.sessions.get(userId);
		if (!session?.profile) return;
		setEarned(session.profile.data, answerKey(sessionId, questionId), earned);
		this.markDirty(session);
	}

	public stats() {
		return { ...this.store.stats, loaded: this.sessions.size() };
	}

	private open(player: Player): void {
		const session: Session = { player, pending: [], leaving: false };
		this.sessions.set(player.UserId, session);
		this.track(() => {
			while (this.releasing.has(player.UserId) && !session.leaving) task.wait(0.5);
			const result = this.store.load(keyOf(player.UserId), () => session.leaving);
			if (!typeIs(result, "table")) {
				if (result !== "cancelled") {
					warn(`[ProgressService] could not load ${player.Name}: ${result}`);
					player.Kick("Your classroom progress could not be loaded. Please rejoin in a minute.");
				}
				this.sessions.delete(player.UserId);
				return;
			}
			session.profile = result;
			for (const item of session.pending) {
				if (recordAnswer(result.data, item.answer, item.streak)) result.unsaved.push(item.answer);
			}
			if (session.pending.size() > 0) this.markDirty(session);
			session.pending = [];
			if (session.leaving) {
				this.store.save(result, true);
				return;
			}
			this.loaded.fire(player, result.data);
		});
	}

	private close(player: Player): void {
		const session = this.sessions.get(player.UserId);
		if (!session) return;
		session.leaving = true;
		this.sessions.delete(player.UserId);
		const profile = session.profile;
		if (!profile) return;
		this.releasing.add(player.UserId);
		this.track(() => {
			this.saveUntilDone(profile);
			this.releasing.delete(player.UserId);
		});
	}

	/** Saves and releases, retrying until written or the lock is gone. */
	private saveUntilDone(profile: Profile): void {
		for (let attempt = 0; attempt < 10 && profile.active; attempt++) {
			if (this.store.save(profile, true)) return;
			task.wait(5);
		}
	}

	private markDirty(session: Session): void {
		session.dirtySince ??= os.clock();
	}

	/** One save per second at most, oldest first, so a full class never bursts the budget. */
	private autosaveLoop(): void {
		const settings = this.config.settings;
		for (;;) {
			task.wait(1);
			let due: Session | undefined;
			let dueScore = -math.huge;
			const now = os.clock();
			for (const [, session] of this.sessions) {
				const profile = session.profile;
				if (!profile || !profile.active || session.saving) continue;
				const dirtyFor = session.dirtySince !== undefined ? now - session.dirtySince - settings.saveDelay : -math.huge;
				const staleFor = os.time() - profile.lastSavedAt - settings.autosaveInterval;
				const score = math.max(dirtyFor, staleFor);
				if (score >= 0 && score > dueScore) {
					due = session;
					dueScore = score;
				}
			}
			if (due) this.saveNow(due);
		}
	}

	private saveNow(session: Session): void {
		const profile = session.profile!;
		session.saving = true;
		const dirtySince = session.dirtySince;
		session.dirtySince = undefined;
		this.track(() => {
			const ok = this.store.save(profile, false);
			session.saving = false;
			if (!ok && profile.active) session.dirtySince = dirtySince ?? os.clock();
			if (!profile.active && !session.leaving) {
				session.player.Kick("Your classroom progress was opened on another server.");
			}
		});
	}

	private publishRelease(key: string): void {
		task.spawn(() => pcall(() => MessagingService.PublishAsync(RELEASE_TOPIC, { key, from: this.serverId })));
	}

	private onReleaseRequest(data: unknown): void {
		if (!typeIs(data, "table")) return;
		const { key, from } = data as { key?: unknown; from?: unknown };
		if (!typeIs(key, "string") || from === this.serverId) return;
		for (const [userId, session] of this.sessions) {
			if (keyOf(userId) !== key || !session.profile) continue;
			// Another server wants this player: hand the profile over with everything we have.
			this.sessions.delete(userId);
			session.leaving = true;
			const profile = session.profile;
			this.track(() => {
				this.saveUntilDone(profile);
				session.player.Kick("You joined the classroom on another server.");
			});
		}
	}

	private closeAll(): void {
		for (const [, session] of this.sessions) this.close(session.player);
		const deadline = os.clock() + 25;
		while (this.inFlight.size() > 0 && os.clock() < deadline) task.wait(0.1);
	}

	private track(work: () => void): void {
		const thread = task.spawn(() => {
			work();
			this.inFlight.delete(coroutine.running());
		});
		if (coroutine.status(thread) !== "dead") this.inFlight.add(thread);
	}
}

function keyOf(userId: number): string {
	return `player_${userId}`;
}

/** The player a profile key belongs to (keyOf's inverse), for the key's user ids. */
function userIdsOfKey(key: string): number[] {
	const id = tonumber(key.match("^player_(%d+)$")[0]);
	return id !== undefined ? [id] : [];
}
