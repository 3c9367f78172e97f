import { describe, expect, it } from "vitest";
import { startEmptyPlace } from "./support";

describe("TextService", () => {
	it("masks each filtered word with one '#' per character, any case, and yields", async () => {
		const place = await startEmptyPlace({ filteredWords: ["badword", "rude"] });
		await place.addPlayer("Ana", { userId: 7 });
		const result = await place.eval<string[]>(`
			local TextService = game:GetService("TextService")
			local filtered = TextService:FilterStringAsync("a BadWord and a rude badword", 7)
			return { filtered.ClassName, filtered:GetNonChatStringForBroadcastAsync(), filtered:GetNonChatStringForUserAsync(7) }
		`);
		expect(result).toEqual(["TextFilterResult", "a ####### and a #### #######", "a ####### and a #### #######"]);
	});

	it("refuses an author who is not in the server, and fails on request like an outage", async () => {
		const place = await startEmptyPlace();
		await place.addPlayer("Ana", { userId: 7 });
		const absent = await place.eval<[boolean, string]>(`
			local ok, err = pcall(function() return game:GetService("TextService"):FilterStringAsync("hello", 99) end)
			return { ok, tostring(err) }
		`);
		expect(absent).toEqual([false, expect.stringContaining("not in the server")]);
		await place.failTextFilter(1);
		const outage = await place.eval<[boolean, string, string]>(`
			local TextService = game:GetService("TextService")
			local ok, err = pcall(function() return TextService:FilterStringAsync("hello", 7) end)
			return { ok, tostring(err), TextService:FilterStringAsync("hello", 7):GetNonChatStringForBroadcastAsync() }
		`);
		expect(outage).toEqual([false, expect.stringContaining("filtering failed"), "hello"]);
	});

	it("is server-only", async () => {
		const place = await startEmptyPlace();
		const ana = await place.addPlayer("Ana", { client: true });
		const fromClient = await ana.client.eval<[boolean, string]>(`
			local ok, err = pcall(function() return game:GetService("TextService"):FilterStringAsync("hello", 1) end)
			return { ok, tostring(err) }
		`);
		expect(fromClient).toEqual([false, expect.stringContaining("only be called from the server")]);
	});
});
