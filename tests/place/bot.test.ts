/**
 * The place's BotService against the real bot API (server/src/modules/bot) whose Discord base URL
 * points at the loopback Discord stand-in: a moderation event becomes an embed in the channel,
 * sent with the workspace key from the place's secret, within the service's per-minute ceiling.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlace, Universe, type Place, publish } from "../harness";
import { jsonToLuau } from "../harness/rojo/jsonToLuau";
import { CHANNEL, FIXTURE_TIMEOUT, startBotFixture, type BotFixture } from "../../server/test/bot/botFixture";
import { NO_BACKEND, serviceEval } from "./helpers/classroomPlace";
import { requireBuild } from "./support";

const BOT = "server/bot/BotService@BotService";
let F: BotFixture;
let botUrl: string;

beforeAll(async () => {
	requireBuild();
	F = await startBotFixture();
	await F.t.app.listen({ port: 0, host: "127.0.0.1" });
	botUrl = `${publish(`http://127.0.0.1:${(F.t.app.server.address() as AddressInfo).port}`)}/bot`;
}, FIXTURE_TIMEOUT);
afterAll(() => F?.close());

async function botPlace(key: string, bot: Record<string, unknown> = {}): Promise<Place> {
	const universe = new Universe();
	universe.setSecret("bot_workspace_key", key);
	return startPlace({
		universe,
		extraScripts: {
			"ServerStorage.ClassroomConfig": { className: "ModuleScript", source: jsonToLuau({ backendUrl: NO_BACKEND, contentPollInterval: 0 }) },
			"ServerStorage.BotConfig": { className: "ModuleScript", source: jsonToLuau({ botUrl, moderationChannelId: CHANNEL, ...bot }) },
		},
	});
}

const report = (place: Place, name: string) =>
	serviceEval<boolean>(place, BOT, `return service:reportModeration({ action = "Kicked", target = { userId = 2, name = ${JSON.stringify(name)} }, moderator = { userId = 1, name = "Teacher" }, reason = "Spamming the quiz", details = { Lesson = "Fractions" } })`);

describe("BotService", () => {
	it("posts a moderation event as an embed that reaches Discord", async () => {
		const place = await botPlace(F.workspace.key);
		const before = F.discord.messages.length;
		expect(await report(place, "Ana")).toBe(true);
		await place.advance(1);
		const posted = F.discord.messages.slice(before);
		expect(posted).toHaveLength(1);
		expect(posted[0].channelId).toBe(CHANNEL);
		const [embed] = posted[0].body.embeds as Record<string, unknown>[];
		expect(embed).toMatchObject({
			title: "Kicked: Ana",
			description: "Reason: Spamming the quiz",
			color: 0xc4b550,
			fields: expect.arrayContaining([
				expect.objectContaining({ name: "Player", value: "Ana (2)" }),
				expect.objectContaining({ name: "By", value: "Teacher (1)" }),
				expect.objectContaining({ name: "Lesson", value: "Fractions" }),
			]),
		});
		expect(place.output.filter((o) => o.kind === "warn" && o.text.includes("[Bot]"))).toEqual([]);
		await place.shutdown();
	});

	it("returns the API's answer to game code: a message id, or 401 for a wrong key with nothing posted", async () => {
		const good = await botPlace(F.workspace.key);
		const posted = await serviceEval<{ ok: boolean; status: number; data: { messageId: string } }>(good, BOT, `return service:postEmbed("${CHANNEL}", { title = "Round summary" })`);
		expect(posted).toMatchObject({ ok: true, status: 200, data: { messageId: expect.stringMatching(/^\d+$/) } });
		await good.shutdown();

		const bad = await botPlace("bot_not-a-real-key");
		const before = F.discord.messages.length;
		const refused = await serviceEval<{ ok: boolean; status: number; code: string }>(bad, BOT, `return service:postEmbed("${CHANNEL}", { title = "Nope" })`);
		expect(refused).toMatchObject({ ok: false, status: 401, code: "UNAUTHORIZED" });
		expect(F.discord.messages.length).toBe(before);
		await bad.shutdown();
	});

	it("stays under its per-minute ceiling: the event past it waits for the next minute", async () => {
		const place = await botPlace(F.workspace.key, { httpPerMinute: 2 });
		const before = F.discord.messages.length;
		for (const name of ["A", "B", "C"]) await report(place, name);
		await place.advance(1);
		expect(F.discord.messages.length - before).toBe(2);
		expect(await serviceEval<number>(place, BOT, "return service:budgetLeft()")).toBe(0);
		await place.advance(60);
		expect(F.discord.messages.slice(before).map((m) => (m.body.embeds as { title: string }[])[0].title)).toEqual(["Kicked: A", "Kicked: B", "Kicked: C"]);
		await place.shutdown();
	});
});
