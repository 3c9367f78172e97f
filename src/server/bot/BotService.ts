import { Service } from "@flamework/core";
import { HttpService, RunService } from "@rbxts/services";
import { t } from "@rbxts/t";
import { backoffDelay, MinuteWindow } from "shared/classroom/budget";
import { takeSlot } from "server/net/takeSlot";
import { BotConfig } from "./BotConfig";
import { BotEmbed, BotResult, ExileResult, ModerationEvent, UserAction } from "./botTypes";

const MAX_ATTEMPTS = 3;
const MODERATION_COLOR = 0xc4b550;

/**
 * The game-server bot API (server/src/modules/bot, mounted at /bot) for game code: moderation
 * events and messages to Discord, Discord member actions, Roblox group exile. The workspace key
 * comes from HttpService:GetSecret("bot_workspace_key") and travels only in the Authorization
 * header; nothing here is reachable from a client (no remote).
 *
 * Every call yields: game code runs it on its own thread, or uses `reportModeration`, which
 * never waits. Requests stay under `httpPerMinute` (a sliding minute, like the classroom's
 * BackendClient): past it a call waits for a slot. 429 (Retry-After honoured), 5xx and network
 * failures are retried up to 3 times; other answers come back as they are. A success whose
 * `data` does not have the route's shape comes back with `unexpected: true` and no `data`.
 */
@Service()
export class BotService {
	private readonly window: MinuteWindow;
	private authorization?: Secret | string;

	public constructor(private readonly config: BotConfig) {
		this.window = new MinuteWindow(config.settings.httpPerMinute);
	}

	/** Posts a moderation event to the moderation channel in the background; false when none is configured. */
	public reportModeration(event: ModerationEvent): boolean {
		const channel = this.config.settings.moderationChannelId;
		if (channel === undefined) return false;
		task.spawn(() => {
			const result = this.postEmbed(channel, moderationEmbed(event));
			if (!result.ok) warn(`[Bot] moderation event not posted (${result.status} ${result.code ?? ""})`);
		});
		return true;
	}

	public postEmbed(channelId: string, embed: BotEmbed): BotResult<{ messageId: string }> {
		return this.request("/webhook", { method: "Embed", cid: channelId, embedData: embed }, isPosted);
	}

	public postEmbeds(channelId: string, embeds: BotEmbed[]): BotResult<{ messageId: string }> {
		return this.request("/webhook", { method: "MultipleEmbeds", cid: channelId, embedData: embeds }, isPosted);
	}

	/** `timestamp` (Unix seconds) is shown by Discord as a relative time after the message. */
	public postMessage(channelId: string, message: string, timestamp?: number): BotResult<{ messageId: string }> {
		return this.request("/webhook", { method: "Message", cid: channelId, message, timestamp }, isPosted);
	}

	/** Discord member actions by Roblox user id (members without a verified link are skipped by the API). */
	public userAction(action: UserAction): BotResult<{ roles?: { id: string; name: string }[] } | undefined> {
		return this.request("/useraction", action, isUserActionData);
	}

	/** Exiles Roblox users (names or ids) from the workspace's group; per-user results either way. */
	public exile(users: string[]): BotResult<{ results: ExileResult[]; total: number; exiled: number; failed: number }> {
		return this.request("/bulkexile", { users }, isExileData);
	}

	/** Requests left in the current minute. */
	public budgetLeft(): number {
		return this.config.settings.httpPerMinute - this.window.count(os.clock());
	}

	private request<T>(path: string, body: object, check: (value: unknown) => value is T): BotResult<T> {
		const encoded = HttpService.JSONEncode(body);
		let result: BotResult<T> = { ok: false, status: 0 };
		for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
			this.waitForSlot();
			const [ok, reply] = pcall(() =>
				HttpService.RequestAsync({
					Url: this.config.settings.botUrl + path,
					Method: "POST",
					Headers: { "Content-Type": "application/json", Authorization: this.auth() } as unknown as Record<string, string>,
					Body: encoded,
				}),
			);
			let retryAfter: number | undefined;
			if (ok) {
				result = decode<T>(reply.StatusCode, reply.Body);
				for (const [k, v] of pairs(reply.Headers)) if (k.lower() === "retry-after") retryAfter = tonumber(v);
			} else {
				result = { ok: false, status: 0 };
			}
			const retryable = result.status === 0 || result.status === 429 || result.status >= 500;
			if (!retryable || attempt === MAX_ATTEMPTS) break;
			task.wait(backoffDelay(attempt, retryAfter));
		}
		if (result.ok && !check(result.data)) {
			warn(`[Bot] unexpected reply to ${path} (${result.status})`);
			return { ok: result.ok, status: result.status, code: result.code, unexpected: true };
		}
		return result;
	}

	private waitForSlot(): void {
		takeSlot(this.window);
	}

	private auth(): Secret | string {
		if (this.authorization !== undefined) return this.authorization;
		const name = this.config.settings.workspaceKeySecret;
		const [ok, secret] = pcall(() => HttpService.GetSecret(name));
		if (ok) this.authorization = secret.AddPrefix("Bearer ");
		else if (RunService.IsStudio() && this.config.settings.studioWorkspaceKey !== undefined) this.authorization = `Bearer ${this.config.settings.studioWorkspaceKey}`;
		else {
			warn(`[Bot] no workspace key: set the secret ${name}`);
			this.authorization = "";
		}
		return this.authorization;
	}
}

function decode<T>(status: number, body: string): BotResult<T> {
	const [ok, value] = pcall(() => HttpService.JSONDecode(body));
	const envelope = ok && typeIs(value, "table") ? (value as { success?: boolean; data?: T; error?: { code?: unknown } }) : undefined;
	const code = envelope?.error && typeIs(envelope.error.code, "string") ? envelope.error.code : undefined;
	return { ok: status >= 200 && status < 300, status, data: envelope?.data, code };
}

/** The `data` of each route's success envelope (the schema.ts of each route under server/src/modules/bot). */
const isPosted = t.interface({ messageId: t.string });
const isUserActionData = t.optional(t.interface({ roles: t.optional(t.array(t.interface({ id: t.string, name: t.string }))) }));
const isExileData = t.interface({
	results: t.array(t.interface({ user: t.string, success: t.boolean, message: t.string, attempts: t.number })),
	total: t.number,
	exiled: t.number,
	failed: t.number,
});

/** Discord limits: title 256, field values 1024; names and reasons come from game code, so they are cut. */
function moderationEmbed(event: ModerationEvent): BotEmbed {
	const fields: { name: string; value: string; inline?: boolean }[] = [
		{ name: "Player", value: `${event.target.name} (${event.target.userId})`.sub(1, 1024), inline: true },
	];
	if (event.moderator) fields.push({ name: "By", value: `${event.moderator.name} (${event.moderator.userId})`.sub(1, 1024), inline: true });
	if (event.details) {
		for (const [name, value] of pairs(event.details)) {
			if (fields.size() >= 25) break;
			fields.push({ name: tostring(name).sub(1, 256), value: value.sub(1, 1024), inline: true });
		}
	}
	return {
		title: `${event.action}: ${event.target.name}`.sub(1, 256),
		description: event.reason !== undefined && event.reason !== "" ? `Reason: ${event.reason}`.sub(1, 4096) : undefined,
		color: MODERATION_COLOR,
		fields,
		footer: `Place ${game.PlaceId} · server ${game.JobId === "" ? "studio" : game.JobId}`,
	};
}
