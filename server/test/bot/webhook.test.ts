import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botModerationLogs } from "../../src/modules/bot/tables.js";
import { FIXTURE_TIMEOUT, CHANNEL, OTHER_CHANNEL, startBotFixture, type BotFixture } from "./botFixture.js";

let f: BotFixture;
beforeAll(async () => {
	f = await startBotFixture();
}, FIXTURE_TIMEOUT);
afterAll(() => f?.close());

const embed = (extra: object = {}) => ({ title: "Player exiled", description: "Reason: ToS violation", color: 12891984, ...extra });

describe("POST /bot/webhook", () => {
	it("posts a Message with the relative timestamp tag and returns the messageId", async () => {
		const res = await f.call("POST", "/bot/webhook", { method: "Message", cid: CHANNEL, message: "Server boot complete.", timestamp: 1714579200 });
		expect(res.statusCode).toBe(200);
		const body = res.json();
		expect(body).toEqual({ success: true, data: { messageId: expect.stringMatching(/^\d+$/) } });
		const sent = f.discord.messages.at(-1)!;
		expect(sent.channelId).toBe(CHANNEL);
		expect(sent.body.content).toBe("Server boot complete. <t:1714579200:R>");
		expect(sent.body.allowed_mentions).toEqual({ parse: ["users"] });
	});

	it("posts a single Embed with fields and the ping mention, and logs it for the workspace", async () => {
		const res = await f.call("POST", "/bot/webhook", {
			method: "Embed",
			cid: CHANNEL,
			embedData: embed({ ping: "87610105498980352", fields: [{ name: "Roblox", value: "norperz", inline: true }, { name: "Game", value: "build game" }] }),
		});
		expect(res.statusCode).toBe(200);
		const sent = f.discord.messages.at(-1)!.body as any;
		expect(sent.content).toBe("<@87610105498980352>");
		expect(sent.allowed_mentions).toEqual({ parse: [], users: ["87610105498980352"] });
		expect(sent.embeds).toEqual([
			{ title: "Player exiled", description: "Reason: ToS violation", color: 12891984, fields: [{ name: "Roblox", value: "norperz", inline: true }, { name: "Game", value: "build game", inline: false }] },
		]);
		const logs = await f.t.services.database.db.select().from(botModerationLogs).where(eq(botModerationLogs.workspaceId, f.workspace.id));
		expect(logs.some((l) => l.action === "webhook" && l.target === CHANNEL && l.details?.messageId === res.json().data.messageId)).toBe(true);
	});

	it("joins author lines with ', ', keeps only the last footer line, maps image/thumbnail", async () => {
		const res = await f.call("POST", "/bot/webhook", {
			method: "Embed",
			cid: CHANNEL,
			embedData: { author: ["Alice", "Bob"], footer: ["old", "new footer"], image: "https://example.com/a.png", thumbnail: "https://example.com/t.png" },
		});
		expect(res.statusCode).toBe(200);
		const [sent] = (f.discord.messages.at(-1)!.body as any).embeds;
		expect(sent).toEqual({ author: { name: "Alice, Bob" }, footer: { text: "new footer" }, image: { url: "https://example.com/a.png" }, thumbnail: { url: "https://example.com/t.png" } });
	});

	it("posts MultipleEmbeds using only the first embed's ping", async () => {
		const res = await f.call("POST", "/bot/webhook", {
			method: "MultipleEmbeds",
			cid: CHANNEL,
			embedData: [embed({ title: "Round summary", ping: "87610105498980352" }), embed({ title: "Top fragger", ping: "87610105498980353" })],
		});
		expect(res.statusCode).toBe(200);
		const sent = f.discord.messages.at(-1)!.body as any;
		expect(sent.embeds).toHaveLength(2);
		expect(sent.content).toBe("<@87610105498980352>");
	});

	it("waits out a Discord 429 (Retry-After, {message, retry_after, global}) and still answers 200", async () => {
		f.discord.script(`POST message ${CHANNEL}`, { status: 429, retryAfter: 0.05 });
		const before = f.discord.requests.filter((r) => r.url.endsWith(`/channels/${CHANNEL}/messages`)).length;
		const res = await f.call("POST", "/bot/webhook", { method: "Message", cid: CHANNEL, message: "after a 429" });
		expect(res.statusCode).toBe(200);
		const after = f.discord.requests.filter((r) => r.url.endsWith(`/channels/${CHANNEL}/messages`)).length;
		expect(after - before).toBe(2);
		expect(f.discord.messages.at(-1)!.body.content).toBe("after a 429");
	});

	it("answers 404 NOT_FOUND for an unknown channel (Discord 10003) and for Missing Access", async () => {
		const unknown = await f.call("POST", "/bot/webhook", { method: "Message", cid: "299999999999999999", message: "hi" });
		expect(unknown.statusCode).toBe(404);
		expect(unknown.json()).toEqual({ success: false, error: { code: "NOT_FOUND", message: "Discord channel '299999999999999999' not found or bot lacks access." } });

		f.discord.channels.set("200000000000000009", "100000000000000001");
		f.discord.script("POST message 200000000000000009", { status: 403, code: 50001, message: "Missing Access" });
		const hidden = await f.call("POST", "/bot/webhook", { method: "Message", cid: "200000000000000009", message: "hi" });
		expect(hidden.statusCode).toBe(404);
	});

	it("answers 404 for a channel in a guild the workspace does not own, without posting", async () => {
		const count = f.discord.messages.length;
		const res = await f.call("POST", "/bot/webhook", { method: "Message", cid: OTHER_CHANNEL, message: "cross-tenant" });
		expect(res.statusCode).toBe(404);
		expect(res.json().error.code).toBe("NOT_FOUND");
		expect(f.discord.messages.length).toBe(count);
	});

	it("answers 502 DISCORD_API_ERROR when Discord keeps failing with 5xx (after the configured retries)", async () => {
		f.discord.script(`POST message ${CHANNEL}`, { status: 502 }, { status: 502 });
		const res = await f.call("POST", "/bot/webhook", { method: "Message", cid: CHANNEL, message: "down" });
		expect(res.statusCode).toBe(502);
		expect(res.json().error.code).toBe("DISCORD_API_ERROR");
		expect(res.json().error.message).toMatch(/^Failed to send message: /);
	});

	describe("validation (400 VALIDATION_ERROR naming the field)", () => {
		const cases: [string, object, string][] = [
			["missing method", { cid: CHANNEL, message: "x" }, "method"],
			["missing cid", { method: "Message", message: "x" }, "cid"],
			["unknown method", { method: "Shout", cid: CHANNEL, message: "x" }, "method"],
			["Message without message", { method: "Message", cid: CHANNEL }, "message"],
			["content over 2000", { method: "Message", cid: CHANNEL, message: "a".repeat(2001) }, "message"],
			["content over 2000 once the tag is appended", { method: "Message", cid: CHANNEL, message: "a".repeat(1990), timestamp: 1714579200 }, "message"],
			["Embed without embedData", { method: "Embed", cid: CHANNEL }, "embedData"],
			["Embed given an array", { method: "Embed", cid: CHANNEL, embedData: [embed()] }, "embedData"],
			["MultipleEmbeds given an object", { method: "MultipleEmbeds", cid: CHANNEL, embedData: embed() }, "embedData"],
			["11 embeds", { method: "MultipleEmbeds", cid: CHANNEL, embedData: Array.from({ length: 11 }, () => embed()) }, "embedData"],
			["title over 256", { method: "Embed", cid: CHANNEL, embedData: embed({ title: "t".repeat(257) }) }, "embedData.title"],
			["description over 4096", { method: "Embed", cid: CHANNEL, embedData: embed({ description: "d".repeat(4097) }) }, "embedData.description"],
			["26 fields", { method: "Embed", cid: CHANNEL, embedData: embed({ fields: Array.from({ length: 26 }, () => ({ name: "n", value: "v" })) }) }, "embedData.fields"],
			["field name over 256", { method: "Embed", cid: CHANNEL, embedData: embed({ fields: [{ name: "n".repeat(257), value: "v" }] }) }, "embedData.fields.0.name"],
			["field value over 1024", { method: "Embed", cid: CHANNEL, embedData: embed({ fields: [{ name: "n", value: "v".repeat(1025) }] }) }, "embedData.fields.0.value"],
			["footer over 2048", { method: "Embed", cid: CHANNEL, embedData: embed({ footer: "f".repeat(2049) }) }, "embedData.footer"],
			["author over 256 once joined", { method: "Embed", cid: CHANNEL, embedData: embed({ author: ["a".repeat(200), "b".repeat(100)] }) }, "embedData.author"],
			["no visible part", { method: "Embed", cid: CHANNEL, embedData: { color: 5, fields: [{ name: "n", value: "v" }] } }, "embedData"],
			["over 6000 characters across embeds", { method: "MultipleEmbeds", cid: CHANNEL, embedData: [embed({ description: "d".repeat(4000) }), embed({ description: "d".repeat(2000) })] }, "embedData"],
			["color out of range", { method: "Embed", cid: CHANNEL, embedData: embed({ color: 16777216 }) }, "embedData.color"],
			["bad ping", { method: "Embed", cid: CHANNEL, embedData: embed({ ping: "@everyone" }) }, "embedData.ping"],
			["non-snowflake cid", { method: "Message", cid: "general", message: "x" }, "cid"],
			["unknown field", { method: "Message", cid: CHANNEL, message: "x", extra: 1 }, "extra"],
		];
		it.each(cases)("%s", async (_name, payload, field) => {
			const count = f.discord.messages.length;
			const res = await f.call("POST", "/bot/webhook", payload);
			expect(res.statusCode).toBe(400);
			expect(res.json().success).toBe(false);
			expect(res.json().error.code).toBe("VALIDATION_ERROR");
			expect(String(res.json().error.details.field)).toContain(field);
			expect(f.discord.messages.length).toBe(count);
		});

		it("accepts exactly the limits (10 embeds, 25 fields, 6000 characters in total)", async () => {
			const fields = Array.from({ length: 25 }, (_, i) => ({ name: `n${i}`.padEnd(4, "x"), value: "v" }));
			const res = await f.call("POST", "/bot/webhook", {
				method: "MultipleEmbeds",
				cid: CHANNEL,
				embedData: [
					{ title: "t".repeat(256), description: "d".repeat(4096), fields },
					...Array.from({ length: 9 }, () => ({ description: "e".repeat(Math.floor((6000 - 256 - 4096 - 25 * 5) / 9)) })),
				],
			});
			expect(res.statusCode).toBe(200);
		});
	});
});

describe("arbitrary bodies never become a 500", () => {
	const value = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }));
	const body = fc.record(
		{
			method: fc.oneof(fc.constantFrom("Message", "Embed", "MultipleEmbeds", "GetRoles", "Timeout", "Mute", "AddRoles"), value),
			cid: fc.oneof(fc.constant(CHANNEL), value),
			serverid: fc.oneof(fc.constant("100000000000000001"), value),
			message: value,
			embedData: fc.oneof(value, fc.dictionary(fc.constantFrom("title", "description", "author", "footer", "fields", "ping", "color"), value)),
			users: fc.oneof(value, fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 3 })),
			state: value,
			roles: value,
		},
		{ requiredKeys: [] },
	);
	it.each(["/bot/webhook", "/bot/useraction", "/bot/bulkexile"])("%s", async (url) => {
		await fc.assert(
			fc.asyncProperty(body, async (payload) => {
				const res = await f.call("POST", url, payload);
				expect(res.statusCode).toBeLessThan(500);
				expect(res.json().success).toBe(res.statusCode < 300);
			}),
			{ numRuns: 40 },
		);
	});
});
