import { badRequest } from "../../../http/errors.js";
import type { Embed, WebhookRequest } from "./schema.js";

/**
 * Turns a validated /webhook body into Discord's message body, enforcing what the schema
 * cannot: the fields each method requires, the 6000-character budget across embeds, an
 * embed's need for one visible part, the legacy author/footer arrays (author lines joined with
 * ", ", footer keeps only the last line) and the 2000-character content after the `<t:…:R>`
 * tag is appended. Mentions are limited to the pinged user so game text cannot ping @everyone.
 */
export function buildMessage(body: WebhookRequest): Record<string, unknown> {
	if (body.method === "Message") {
		if (body.message === undefined || body.message.trim() === "") throw invalid("message", "message is required when method=Message");
		const content = body.timestamp === undefined ? body.message : `${body.message} <t:${body.timestamp}:R>`;
		if (length(content) > 2000) throw invalid("message", "message with its timestamp tag must be at most 2000 characters");
		return { content, allowed_mentions: { parse: ["users"] } };
	}
	if (body.embedData === undefined) throw invalid("embedData", `embedData is required when method=${body.method}`);
	const list = body.method === "Embed" ? [single(body.embedData)] : multiple(body.embedData);
	const embeds = list.map((embed, i) => toDiscordEmbed(embed, list.length === 1 && body.method === "Embed" ? "embedData" : `embedData.${i}`));
	const total = embeds.reduce((sum, e) => sum + e.characters, 0);
	if (total > 6000) throw invalid("embedData", `embeds total ${total} characters; Discord allows 6000 across all embeds`);
	const ping = list[0]?.ping;
	return {
		...(ping ? { content: `<@${ping}>` } : {}),
		embeds: embeds.map((e) => e.embed),
		allowed_mentions: ping ? { parse: [], users: [ping] } : { parse: [] },
	};
}

function single(data: Embed | Embed[]): Embed {
	if (Array.isArray(data)) throw invalid("embedData", "embedData must be a single embed object when method=Embed");
	return data;
}

function multiple(data: Embed | Embed[]): Embed[] {
	if (!Array.isArray(data)) throw invalid("embedData", "embedData must be an array of embeds when method=MultipleEmbeds");
	return data;
}

function toDiscordEmbed(embed: Embed, field: string): { embed: Record<string, unknown>; characters: number } {
	const author = Array.isArray(embed.author) ? embed.author.join(", ") : embed.author;
	const footer = Array.isArray(embed.footer) ? embed.footer[embed.footer.length - 1] : embed.footer;
	if (author && length(author) > 256) throw invalid(`${field}.author`, "author must be at most 256 characters");
	if (footer && length(footer) > 2048) throw invalid(`${field}.footer`, "footer must be at most 2048 characters");
	const visible = [embed.title, embed.description, embed.image, embed.thumbnail, author, footer].some((v) => v !== undefined && v !== "");
	if (!visible) throw invalid(field, "an embed needs at least one of title, description, image, thumbnail, author or footer");
	const out: Record<string, unknown> = {};
	if (embed.title) out.title = embed.title;
	if (embed.description) out.description = embed.description;
	if (embed.color !== undefined) out.color = embed.color;
	if (embed.url) out.url = embed.url;
	if (embed.image) out.image = { url: embed.image };
	if (embed.thumbnail) out.thumbnail = { url: embed.thumbnail };
	if (author) out.author = { name: author };
	if (footer) out.footer = { text: footer };
	if (embed.fields?.length) out.fields = embed.fields.map((f) => ({ name: f.name, value: f.value, inline: f.inline ?? false }));
	const characters =
		length(embed.title ?? "") +
		length(embed.description ?? "") +
		length(author ?? "") +
		length(footer ?? "") +
		(embed.fields ?? []).reduce((sum, f) => sum + length(f.name) + length(f.value), 0);
	return { embed: out, characters };
}

/** Discord counts characters, not UTF-16 units. */
const length = (text: string): number => [...text].length;

const invalid = (field: string, message: string) => badRequest(message, { field, issue: message });
