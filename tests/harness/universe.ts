/**
 * What outlives a server: DataStore contents, secrets, fault injection and the messaging
 * bus. Start several places (or restart one) on the same Universe and they share all of it,
 * like servers of one Roblox experience.
 */
export interface DataStoreRecord {
	/** The stored value as JSON text. */
	value: string;
	version: string;
	createdTime: number;
	updatedTime: number;
	userIds: number[];
	metadata: Record<string, unknown>;
}

export interface DataStoreFault {
	/** "GetAsync" | "SetAsync" | "UpdateAsync" | "IncrementAsync" | "RemoveAsync"; any when omitted. */
	method?: string;
	store?: string;
	key?: string;
	/** How many matching requests fail; default 1. */
	times?: number;
	/** The error message the Luau call raises; default a Roblox 502. */
	message?: string;
	/** Fail after the write has landed (Roblox: a failed write may still have happened). */
	afterWrite?: boolean;
}

export interface UniverseOptions {
	/** game.PlaceId of the servers started on this universe (unless a place sets its own). */
	placeId?: number;
	/** game.GameId (the universe id). */
	gameId?: number;
}

let universes = 0;

export class Universe {
	readonly secrets = new Map<string, string>();
	readonly placeId: number;
	readonly gameId: number;
	private readonly records = new Map<string, DataStoreRecord>();
	private readonly faults: Array<Required<Pick<DataStoreFault, "times" | "message">> & DataStoreFault> = [];
	private readonly subscribers = new Set<(topic: string, data: string) => void>();
	private pendingValue: string[] = [];

	constructor(options: UniverseOptions = {}) {
		const n = ++universes;
		this.gameId = options.gameId ?? 4_200_000_000 + n;
		this.placeId = options.placeId ?? 11_000_000_000 + n;
	}

	/** The decoded value under `key` of store `name` (scope "global" unless given), or undefined. */
	read(name: string, key: string, scope = "global"): unknown {
		const record = this.records.get(recordId(`${name}\n${scope}`, key));
		return record ? JSON.parse(record.value) : undefined;
	}

	/** The user ids a server tagged `key` with (SetAsync/UpdateAsync/IncrementAsync userIds), [] when none. */
	userIds(name: string, key: string, scope = "global"): number[] {
		return this.records.get(recordId(`${name}\n${scope}`, key))?.userIds ?? [];
	}

	/** Seeds a value as if a previous server had saved it. */
	seed(name: string, key: string, value: unknown, scope = "global"): void {
		const now = Date.now();
		this.records.set(recordId(`${name}\n${scope}`, key), {
			value: JSON.stringify(value),
			version: "1",
			createdTime: now,
			updatedTime: now,
			userIds: [],
			metadata: {},
		});
	}

	keys(name: string, scope = "global"): string[] {
		const prefix = `${name}\n${scope}\n`;
		return [...this.records.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
	}

	/** Makes the next matching DataStore request(s) fail with `message`. */
	failDataStore(fault: DataStoreFault = {}): void {
		this.faults.push({
			...fault,
			times: fault.times ?? 1,
			message: fault.message ?? "502: API Services rejected request with error. HTTP 500 (Internal Server Error)",
		});
	}

	setSecret(name: string, value: string): void {
		this.secrets.set(name, value);
	}

	// --- used by places ---------------------------------------------------------------------

	/** @internal Record metadata as JSON; the value follows through dsReadChunk. */
	dsRead(storeId: string, key: string): string | undefined {
		const record = this.records.get(recordId(storeId, key));
		if (!record) return undefined;
		const { value, ...meta } = record;
		return JSON.stringify({ ...meta, length: value.length });
	}

	/** @internal */
	dsReadChunk(storeId: string, key: string, offset: number, length: number): string {
		return this.records.get(recordId(storeId, key))?.value.slice(offset, offset + length) ?? "";
	}

	/** @internal A value arrives in chunks, then dsCommit stores it with its metadata. */
	dsWriteChunk(chunk: string): void {
		this.pendingValue.push(chunk);
	}

	/** @internal */
	dsCommit(storeId: string, key: string, metaJson: string): void {
		const { length: _length, ...meta } = JSON.parse(metaJson) as Omit<DataStoreRecord, "value"> & { length: number };
		this.records.set(recordId(storeId, key), { ...meta, value: this.pendingValue.join("") });
		this.pendingValue = [];
	}

	/** @internal */
	dsRemove(storeId: string, key: string): void {
		this.records.delete(recordId(storeId, key));
	}

	/** @internal */
	dsFault(method: string, store: string, key: string, phase: "before" | "after"): string | undefined {
		const i = this.faults.findIndex(
			(f) =>
				(f.afterWrite ? phase === "after" : phase === "before") &&
				(!f.method || f.method === method) &&
				(!f.store || f.store === store) &&
				(!f.key || f.key === key),
		);
		if (i < 0) return undefined;
		const fault = this.faults[i];
		if (--fault.times <= 0) this.faults.splice(i, 1);
		return fault.message;
	}

	/** @internal */
	subscribe(deliver: (topic: string, data: string) => void): () => void {
		this.subscribers.add(deliver);
		return () => this.subscribers.delete(deliver);
	}

	/** @internal */
	publish(topic: string, data: string): void {
		for (const deliver of this.subscribers) deliver(topic, data);
	}
}

function recordId(storeId: string, key: string): string {
	return `${storeId}\n${key}`;
}
