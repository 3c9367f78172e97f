import { startTestApp, type TestApp } from "../helpers/testApp.js";
import { startDiscordOAuthStandIn } from "./standins/discordOAuthStandIn.js";
import { startDiscordStandIn } from "./standins/discordStandIn.js";
import { startRobloxStandIn } from "./standins/robloxStandIn.js";

export const BOT_TOKEN = "test-bot-token";
export const COOKIE = "_|WARNING:-DO-NOT-SHARE-THIS.--test-cookie";
export const OPEN_CLOUD_KEY = "oc-test-key";
export const GUILD = "100000000000000001";
export const OTHER_GUILD = "100000000000000002";
export const CHANNEL = "200000000000000001";
export const OTHER_CHANNEL = "200000000000000002";
export const GROUP = "7";

/**
 * A backend wired to loopback Discord and Roblox stand-ins, an admin, one tenant and a
 * workspace with a key. The clock is virtual and carries `sleep`, so the bot's 90 s pauses
 * advance it instead of waiting.
 */
export async function startBotFixture(env: Record<string, string> = {}) {
	let now = Date.UTC(2026, 0, 15, 12, 0, 0);
	const clock = Object.assign(() => now, { sleep: async (ms: number) => void (now += ms) });
	const discord = await startDiscordStandIn(BOT_TOKEN);
	const discordOAuth = await startDiscordOAuthStandIn({ clientId: "discord-client-1", clientSecret: "discord-secret-1" });
	const roblox = await startRobloxStandIn({ cookie: COOKIE, apiKey: OPEN_CLOUD_KEY, clientId: "client-1", clientSecret: "secret-1", now: clock });
	const t: TestApp = await startTestApp(
		{
			DISCORD_API_BASE_URL: discord.baseUrl,
			DISCORD_BOT_TOKEN: BOT_TOKEN,
			DISCORD_REST_RETRIES: "1",
			DISCORD_REST_TIMEOUT_MS: "2000",
			DISCORD_GLOBAL_REQUESTS_PER_SECOND: "1000",
			ROBLOX_GROUPS_BASE_URL: roblox.baseUrl,
			ROBLOX_API_BASE_URL: roblox.baseUrl,
			ROBLOX_USERS_BASE_URL: roblox.baseUrl,
			ROBLOX_OAUTH_BASE_URL: roblox.oauthBaseUrl,
			ROBLOX_OAUTH_CLIENT_ID: "client-1",
			ROBLOX_OAUTH_CLIENT_SECRET: "secret-1",
			DISCORD_OAUTH_BASE_URL: discordOAuth.baseUrl,
			DISCORD_OAUTH_CLIENT_ID: "discord-client-1",
			DISCORD_OAUTH_CLIENT_SECRET: "discord-secret-1",
			PUBLIC_URL: "https://bot.example.test",
			ROBLOX_HTTP_TIMEOUT_MS: "2000",
			...env,
		},
		{ clock },
	);
	const admin = await t.createUser({ role: "admin" });
	discord.channels.set(CHANNEL, GUILD);
	discord.channels.set(OTHER_CHANNEL, OTHER_GUILD);

	const adminCall = async (method: "POST" | "PUT" | "PATCH" | "DELETE" | "GET", url: string, payload?: object) => {
		const res = await t.request({ method, url, payload, token: admin.token });
		if (res.statusCode >= 300) throw new Error(`${method} ${url} -> ${res.statusCode} ${res.body}`);
		return res.json().data;
	};
	const tenant = await adminCall("POST", "/bot/admin/tenants", { name: "Tenant A" });

	/** Creates a workspace with a key; credentials are sealed through the admin route. */
	async function createWorkspace(options: { guilds?: string[]; group?: string; status?: string; cookie?: string | null; openCloudKey?: string | null; rateLimitPerMinute?: number } = {}) {
		const workspace = await adminCall("POST", "/bot/admin/workspaces", {
			tenantId: tenant.id,
			name: "Workspace",
			robloxGroupId: options.group ?? GROUP,
			discordGuildIds: options.guilds ?? [GUILD],
			...(options.status ? { status: options.status } : {}),
			...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
		});
		const credentials: Record<string, string> = {};
		if (options.cookie !== null) credentials.robloxCookie = options.cookie ?? COOKIE;
		if (options.openCloudKey !== null) credentials.openCloudApiKey = options.openCloudKey ?? OPEN_CLOUD_KEY;
		if (Object.keys(credentials).length > 0) await adminCall("PUT", `/bot/admin/workspaces/${workspace.id}/credentials`, credentials);
		const { key } = await adminCall("POST", `/bot/admin/workspaces/${workspace.id}/api-key`);
		return { id: workspace.id as string, key: key as string };
	}

	const workspace = await createWorkspace();
	return {
		t,
		discord,
		discordOAuth,
		roblox,
		admin,
		tenant,
		workspace,
		createWorkspace,
		adminCall,
		clock,
		advance: (ms: number) => void (now += ms),
		/** A bot API call with the workspace key as a Bearer header (or the given key). */
		call(method: "GET" | "POST", url: string, payload?: object, key = workspace.key) {
			return t.app.inject({ method, url, payload, headers: { authorization: `Bearer ${key}` } });
		},
		async close() {
			await t.close();
			await discord.close();
			await roblox.close();
			await discordOAuth.close();
		},
	};
}

export type BotFixture = Awaited<ReturnType<typeof startBotFixture>>;

/** Starting a backend runs every module's migrations; on a loaded 2-core box that can pass 60 s. */
export const FIXTURE_TIMEOUT = 180_000;
