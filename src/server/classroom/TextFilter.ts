import { Service } from "@flamework/core";
import { TextService } from "@rbxts/services";

/** What a player sees where filtering failed: Roblox's rule is to show nothing unfiltered. */
export const FILTER_FAILED_TEXT = "[text unavailable]";

/**
 * Roblox requires text written by a person or a model (teachers' lessons, the LLM's questions,
 * hints, titles) to pass TextService before any player sees it. `forBroadcast` filters a batch
 * for everyone in the server on behalf of `authorId` (the teacher launching the lesson, who must
 * be in the server): FilterStringAsync, then GetNonChatStringForBroadcastAsync. A text whose
 * filtering fails (after one retry) maps to FILTER_FAILED_TEXT, never to itself. The calls yield:
 * run them off a player's action path (SessionService does it while launching).
 */
@Service()
export class TextFilter {
	public readonly stats = { filtered: 0, failed: 0 };

	/** Every distinct text in `texts`, filtered; all requests run in parallel. */
	public forBroadcast(texts: string[], authorId: number): Map<string, string> {
		const shown = new Map<string, string>();
		const unique = new Set<string>();
		for (const text of texts) if (text !== "") unique.add(text);
		let left = unique.size();
		if (left === 0) return shown;
		const waiting = coroutine.running();
		let parked = false;
		for (const text of unique) {
			task.spawn(() => {
				shown.set(text, this.filterOne(text, authorId));
				left -= 1;
				if (left === 0 && parked) task.spawn(waiting);
			});
		}
		if (left > 0) {
			parked = true;
			coroutine.yield();
		}
		return shown;
	}

	private filterOne(text: string, authorId: number): string {
		for (let attempt = 1; attempt <= 2; attempt++) {
			const [ok, result] = pcall(() => TextService.FilterStringAsync(text, authorId, Enum.TextFilterContext.PublicChat).GetNonChatStringForBroadcastAsync());
			if (ok && typeIs(result, "string") && result !== "") {
				this.stats.filtered += 1;
				return result;
			}
			if (!ok) warn(`[TextFilter] filtering failed (attempt ${attempt}): ${result}`);
		}
		this.stats.failed += 1;
		return FILTER_FAILED_TEXT;
	}
}

/** Reads a filtered text; anything that was not filtered is shown as the placeholder. */
export function shownText(shown: Map<string, string>, text: string): string {
	if (text === "") return "";
	return shown.get(text) ?? FILTER_FAILED_TEXT;
}
