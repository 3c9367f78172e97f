import type { LessonContent } from "../../content/index.js";

/** A session's lesson as last read, with the row version it was read at. */
export interface CachedContent {
	contentId: string;
	/** The lesson_contents row's version (its xmin) when it was read. */
	version: string;
	content: LessonContent;
	/** Question id -> its index in the lesson. */
	positions: Map<string, number>;
}

/**
 * The lesson content of the sessions this process scores answers for, parsed once. It never
 * decides what is current: every answer reads the content row's version in the statement that
 * reads the session, and the content itself comes back whenever that version differs from the
 * one cached here. So a lesson edited on any process is scored from its new text by the very
 * next answer, without an invalidation message; the cache only saves sending and parsing the
 * lesson (tens of kB of JSON) on every answer. One per app; the oldest entry goes first.
 */
export class SessionContents {
	private readonly entries = new Map<string, CachedContent>();

	constructor(private readonly max = 256) {}

	get(sessionId: string): CachedContent | undefined {
		return this.entries.get(sessionId);
	}

	remember(sessionId: string, contentId: string, version: string, content: LessonContent): CachedContent {
		const entry: CachedContent = { contentId, version, content, positions: new Map(content.quiz.questions.map((q, i) => [q.id, i])) };
		this.entries.delete(sessionId);
		if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
		this.entries.set(sessionId, entry);
		return entry;
	}
}
