import { describe, expect, it } from "vitest";
import { startEmptyPlace } from "./support";

const STORE = `local store = game:GetService("DataStoreService"):GetDataStore("Progress")\n`;
const BUDGET = `local function budget(kind) return game:GetService("DataStoreService"):GetRequestBudgetForRequestType(Enum.DataStoreRequestType[kind]) end\n`;

describe("DataStoreService budgets", () => {
	it("starts each request type at 60 + 10 x players per minute and charges one per request", async () => {
		const place = await startEmptyPlace();
		expect(await place.eval(BUDGET + `return budget("GetAsync")`)).toBe(60);
		await place.addPlayer("Ana");
		await place.addPlayer("Ben");
		await place.advance(60);
		expect(await place.eval(BUDGET + `return { budget("GetAsync"), budget("SetIncrementAsync") }`)).toEqual([80, 80]);
		expect(await place.eval(STORE + BUDGET + `store:GetAsync("a") store:GetAsync("b") return budget("GetAsync")`)).toBe(78);
		expect(await place.eval(STORE + BUDGET + `store:UpdateAsync("a", function() return 1 end) return { budget("GetAsync"), budget("SetIncrementAsync") }`)).toEqual([77, 79]);
	});

	it("refills continuously, at the per-minute rate, up to one minute's worth", async () => {
		const place = await startEmptyPlace();
		await place.setDataStoreBudget("GetAsync", 0);
		await place.advance(30);
		expect(await place.dataStoreBudget("GetAsync")).toBeCloseTo(30, 5);
		await place.advance(120);
		expect(await place.dataStoreBudget("GetAsync")).toBe(60);
	});

	it("queues throttled requests (30 per type) and drops the rest with Roblox's error", async () => {
		// Counts admissions per second: no latency on top.
		const place = await startEmptyPlace({ latency: false });
		await place.setDataStoreBudget("GetAsync", 0);
		await place.eval(STORE + `
			_G.results = {}
			for i = 1, 31 do
				task.spawn(function()
					local ok, err = pcall(store.GetAsync, store, "key" .. i)
					table.insert(_G.results, ok and "ok" or err)
				end)
			end
		`);
		const dropped = await place.eval<string[]>(`return _G.results`);
		expect(dropped).toEqual([expect.stringMatching(/^301: GetAsync request dropped\. Request was throttled, but throttled request queue was full\./)]);
		expect(place.output.filter((o) => o.text.startsWith("DataStore request was added to queue"))).toHaveLength(30);
		await place.advance(10); // 1 request/second at 60 per minute
		expect((await place.eval<string[]>(`return _G.results`)).filter((r) => r === "ok")).toHaveLength(10);
		await place.advance(25);
		expect((await place.eval<string[]>(`return _G.results`)).filter((r) => r === "ok")).toHaveLength(30);
	});
});

describe("DataStoreService limits", () => {
	it("rejects names, scopes and keys over 50 characters and values over 4,194,304 characters", async () => {
		const place = await startEmptyPlace();
		const long = "k".repeat(51);
		const errors = await place.eval<string[]>(STORE + `
			local DataStoreService = game:GetService("DataStoreService")
			local function err(f, ...) local ok, e = pcall(f, ...) return ok and "ok" or e end
			return {
				err(DataStoreService.GetDataStore, DataStoreService, "${long}"),
				err(DataStoreService.GetDataStore, DataStoreService, "Progress", "${long}"),
				err(store.SetAsync, store, "${long}", 1),
				err(store.SetAsync, store, "${"k".repeat(50)}", 1),
				err(store.SetAsync, store, "big", string.rep("x", 4194304 - 2)),
				err(store.SetAsync, store, "bigger", string.rep("x", 4194304 - 1)),
				err(store.SetAsync, store, "fn", { f = print }),
				err(function() local t = {} t.self = t return store:SetAsync("cycle", t) end),
				err(store.GetAsync, store, ""),
			}
		`);
		expect(errors).toEqual([
			expect.stringContaining("DataStore name exceeds the 50 character limit"),
			expect.stringContaining("DataStore scope exceeds the 50 character limit"),
			expect.stringContaining("102: Key name exceeds the 50 character limit."),
			"ok",
			"ok",
			expect.stringContaining("105: Serialized value exceeds 4MB limit."),
			expect.stringContaining("103: Can't allow function in DataStore."),
			expect.stringContaining("104: Can't store table in DataStore."),
			expect.stringContaining("101: Key name can't be empty."),
		]);
	});

	it("holds back writes to one key beyond 4 MB per minute until the minute has passed", async () => {
		const place = await startEmptyPlace();
		await place.eval(STORE + `
			_G.done = {}
			local blob = string.rep("x", 1500000)
			for i = 1, 3 do
				task.spawn(function()
					store:SetAsync("autosave", blob)
					table.insert(_G.done, time())
				end)
			end
		`);
		await place.advance(2);
		expect(await place.eval(`return #_G.done`)).toBe(2);
		await place.advance(57);
		expect(await place.eval(`return #_G.done`)).toBe(2);
		await place.advance(4);
		expect(await place.eval(`return #_G.done`)).toBe(3);
	});

	it("takes a seeded latency in virtual time per request, none when latency is off", async () => {
		const timed = STORE + `
			local took = {}
			for i = 1, 4 do
				local started = os.clock()
				if i % 2 == 0 then store:SetAsync("k", i) else store:GetAsync("k") end
				table.insert(took, os.clock() - started)
			end
			return took`;
		const took = await (await startEmptyPlace({ seed: 9 })).eval<number[]>(timed);
		expect(Math.min(...took)).toBeGreaterThan(0);
		expect(await (await startEmptyPlace({ seed: 9 })).eval<number[]>(timed)).toEqual(took);
		expect(await (await startEmptyPlace({ latency: false })).eval<number[]>(timed)).toEqual([0, 0, 0, 0]);
	});

	it("raises when an UpdateAsync transform yields, and writes nothing", async () => {
		const place = await startEmptyPlace();
		const result = await place.eval<[boolean, string, number]>(STORE + `
			store:SetAsync("p", 1)
			local ok, err = pcall(store.UpdateAsync, store, "p", function(old) task.wait(1) return old + 1 end)
			return { ok, err, (store:GetAsync("p")) }
		`);
		expect(result).toEqual([false, expect.stringContaining("transform function yielded"), 1]);
	});

	it("implements Get/Set/Update/Increment/Remove with versions and cancellable updates", async () => {
		const place = await startEmptyPlace();
		const result = await place.eval(STORE + `
			local v1 = store:SetAsync("p", { xp = 1 }, { 42 })
			local _, firstInfo = store:GetAsync("p")
			local updated = store:UpdateAsync("p", function(old) old.xp += 5 return old end)
			local cancelled = store:UpdateAsync("p", function() return nil end)
			local value, info = store:GetAsync("p")
			local n = store:IncrementAsync("count", 3)
			n = store:IncrementAsync("count")
			local removed = store:RemoveAsync("p")
			return { v1 = v1, updated = updated, cancelled = cancelled == nil, value = value, version = info.Version, userIds = firstInfo:GetUserIds(), n = n, removed = removed, after = store:GetAsync("p") == nil }
		`);
		expect(result).toEqual({ v1: "1", updated: { xp: 6 }, cancelled: true, value: { xp: 6 }, version: "2", userIds: [42], n: 4, removed: { xp: 6 }, after: true });
	});
});

describe("DataStoreService failure injection", () => {
	it("fails the matching request with the injected error, then recovers", async () => {
		const place = await startEmptyPlace();
		place.universe.failDataStore({ method: "SetAsync", key: "p1", times: 2 });
		const attempts = await place.eval<unknown[]>(STORE + `
			local out = {}
			for i = 1, 3 do
				local ok, err = pcall(store.SetAsync, store, "p1", i)
				table.insert(out, ok or err)
			end
			table.insert(out, (store:GetAsync("p1")))
			return out
		`);
		expect(attempts).toEqual([
			expect.stringContaining("502: API Services rejected request"),
			expect.stringContaining("502: API Services rejected request"),
			true,
			3,
		]);
	});

	it("can fail a write that still landed, as Roblox warns it may", async () => {
		const place = await startEmptyPlace();
		place.universe.failDataStore({ method: "UpdateAsync", afterWrite: true });
		const outcome = await place.eval(STORE + `
			local ok, err = pcall(store.UpdateAsync, store, "coins", function(old) return (old or 0) + 10 end)
			return { ok = ok, err = err, stored = store:GetAsync("coins") }
		`);
		expect(outcome).toEqual({ ok: false, err: expect.stringContaining("502"), stored: 10 });
	});

	it("lets a second server on the same universe see what the first wrote", async () => {
		const first = await startEmptyPlace();
		const second = await startEmptyPlace({ universe: first.universe });
		await first.eval(STORE + `store:SetAsync("shared", "hello")`);
		expect(await second.eval(STORE + `return store:GetAsync("shared")`)).toBe("hello");
	});
});
