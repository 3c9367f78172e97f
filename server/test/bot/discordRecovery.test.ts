import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOT_TOKEN, CHANNEL, FIXTURE_TIMEOUT, OTHER_CHANNEL, OTHER_GUILD, startBotFixture, type BotFixture } from "./botFixture.js";

/**
 * Issue 17 finding 5: @discordjs/rest forgets its token after one 401, which used to disable
 * Discord for every tenant until a restart. Now the next call (any tenant's) tries again, the
 * failure is logged once and /v2/health names it until Discord accepts the token again.
 */
let f: BotFixture;
let other: { key: string };
const warnings: string[] = [];
const recoveries: string[] = [];

beforeAll(async () => {
	f = await startBotFixture();
	other = await f.createWorkspace({ guilds: [OTHER_GUILD] });
	f.t.services.dependencies.useLog({ warn: (_d, message) => void warnings.push(message), info: (_d, message) => void recoveries.push(message) });
}, FIXTURE_TIMEOUT);
afterAll(() => f?.close());

const post = (cid: string, key?: string) => f.call("POST", "/bot/webhook", { method: "Message", cid, message: "hello" }, key);
const health = async () => (await f.t.request({ method: "GET", url: "/v2/health" })).json();

describe("Discord 401 and recovery", () => {
	it("keeps calling Discord after a 401, reports it once, and recovers for every tenant without a restart", async () => {
		expect((await post(CHANNEL)).statusCode).toBe(200);

		f.discord.setToken("rotated-token"); // Discord refuses the bot token for a while
		const first = await post(CHANNEL);
		expect(first.statusCode).toBe(502);
		expect(first.json().error.code).toBe("DISCORD_API_ERROR");
		const seen = f.discord.requests.length;
		const second = await post(OTHER_CHANNEL, other.key);
		expect(second.statusCode).toBe(502);
		expect(second.json().error.message).not.toMatch(/Expected token/);
		expect(f.discord.requests.length).toBeGreaterThan(seen); // the other tenant's call still reached Discord

		const degraded = await f.t.request({ method: "GET", url: "/v2/health" });
		expect(degraded.statusCode).toBe(200); // a restart would not fix a refused token
		expect(degraded.json().data).toMatchObject({ status: "degraded", checks: { discord: "unauthorized" } });
		expect(warnings).toEqual(["discord is unauthorized"]);

		f.discord.setToken(BOT_TOKEN); // the token is good again
		expect((await post(OTHER_CHANNEL, other.key)).statusCode).toBe(200);
		expect((await post(CHANNEL)).statusCode).toBe(200);
		expect((await health()).data).toMatchObject({ status: "healthy", checks: { discord: "ok" } });
		expect(recoveries).toEqual(["discord recovered"]);
	});
});
